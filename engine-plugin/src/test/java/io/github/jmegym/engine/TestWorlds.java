package io.github.jmegym.engine;

import com.jme3.scene.Node;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;

/** Tiny worlds for tests: no physics, one counter per agent. */
final class TestWorlds {
    private TestWorlds() {
    }

    /** An agent on a spatial that writes {@code written} values although its space has {@code declared}. */
    static class CountingAgent extends AgentControl<Integer> {
        private final int written;
        private int count;

        CountingAgent(String name, int declared, int written) {
            super(name, new Box(-1000, 1000, new int[] {declared}, DType.FLOAT32), new Discrete(3));
            this.written = written;
        }

        @Override
        protected void collectObservations(Observations obs) {
            for (int i = 0; i < written; i++) {
                obs.add(count);
            }
        }

        @Override
        protected void onAction(Integer action) {
            count += action - 1;
            addReward(action);
        }
    }

    /** A world whose build adds the given agents, each on its own node named {@code NPC-<i>}. */
    static GameWorld withAgents(AgentControl<?>... agents) {
        return new GameWorld() {
            @Override
            public void build(WorldContext ctx) {
                for (int i = 0; i < agents.length; i++) {
                    Node npc = new Node("NPC-" + i);
                    ctx.rootNode().attachChild(npc);
                    npc.addControl(agents[i]);
                }
            }

            @Override
            public String name() {
                return "TestWorld";
            }
        };
    }
}
