/** The game developer's walk-through of docs/readme/engine.md as compiled, tested code. */
package io.github.jmegym.engine.example;
