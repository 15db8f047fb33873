/**
 * Running worlds inside a jME application: the fixed-step driving ({@code FrameClock}, {@code FixedStepDriver}), the
 * app states that use it (your own loop, or trained policies in a shipped game), the determinism checker and the play
 * window.
 */
package io.github.jmegym.engine.app;
