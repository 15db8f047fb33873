/**
 * Running worlds inside a jME application: the fixed-step driving ({@code FrameClock}, {@code FixedStepDriver}), and
 * the app states that use it: training, inference, heuristic, player and remote play in a running game
 * ({@code TrainingAppState}, its HUD and statistics), trained policies in a shipped game ({@code InferenceAppState}),
 * your own loop ({@code SimulationAppState}), and the determinism checker.
 */
package io.github.jmegym.engine.app;
