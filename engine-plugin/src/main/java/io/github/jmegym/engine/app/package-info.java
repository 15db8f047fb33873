/** Running worlds inside a jME application: the fixed-step app state, the determinism checker and the play window. */
package io.github.jmegym.engine.app;
