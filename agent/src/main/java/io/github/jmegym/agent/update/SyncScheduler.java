package io.github.jmegym.agent.update;

import io.github.jmegym.agent.core.RolloutBuffer;

/**
 * {@link io.github.jmegym.agent.UpdateMode#SYNC}: the call that completes a rollout runs the whole update and installs
 * it before returning, so every rollout is collected by the policy of the latest update (plain PPO).
 */
final class SyncScheduler implements UpdateScheduler {
    private final UpdateRule rule;
    private final Learner learner;
    private final Installer installer;

    SyncScheduler(UpdateRule rule, Learner learner, Installer installer) {
        this.rule = rule;
        this.learner = learner;
        this.installer = installer;
    }

    @Override
    public RolloutBuffer start(RolloutBuffer full, double[] nextObs, double progressRemaining, int policyLag,
                               double rolloutSeconds) {
        UpdateJob job = new UpdateJob(rule, learner, full, nextObs, progressRemaining, policyLag);
        job.runAll();
        installer.install(job, rolloutSeconds);
        full.clear();
        return full;
    }

    @Override
    public void finish() {
    }

    @Override
    public boolean busy() {
        return false;
    }
}
