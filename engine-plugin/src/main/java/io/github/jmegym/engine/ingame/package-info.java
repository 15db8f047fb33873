/** Training, inference and a HUD inside a running jME game: app states a developer attaches to any SimpleApplication. */
package io.github.jmegym.engine.ingame;
