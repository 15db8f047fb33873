/** The game developer's walk-through of README.md as compiled, tested code. */
package io.github.jmegym.engine.example;
