/** Vector envs: N independent copies of an env stepped together, with Gymnasium 1.x autoreset modes. */
package io.github.jmegym.envs.vector;
