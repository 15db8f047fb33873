/** Run folders and checkpoints: atomic files, manifests with checksums, the trainer checkpoint's schema, metrics lines, learning curves, progress. */
package io.github.jmegym.agent.run;
