/** Run folders and checkpoints: atomic files, manifests with checksums, metrics lines, learning curves, progress. */
package io.github.jmegym.agent.run;
