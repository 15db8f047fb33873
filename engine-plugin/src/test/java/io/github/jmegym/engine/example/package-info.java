/** The game developer's code of docs/engine-worlds.md and docs/training-in-game.md as compiled, tested code. */
package io.github.jmegym.engine.example;
