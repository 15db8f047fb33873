/** Recording episodes to compact JSON-lines files and replaying them: re-simulated and checked, or played back. */
package io.github.jmegym.engine.record;
