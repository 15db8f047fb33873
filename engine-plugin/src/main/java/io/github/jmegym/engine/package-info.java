/** jMonkeyEngine scenes as environments: the NPC agent control, the world factory and its headless Env adapters. */
package io.github.jmegym.engine;
