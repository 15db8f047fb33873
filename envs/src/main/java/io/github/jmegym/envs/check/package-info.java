/** The env checker: the Java counterpart of Gymnasium's {@code check_env}, for tests of every env. */
package io.github.jmegym.envs.check;
