package io.github.jmegym.agent.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files written atomically (temp file in the same folder, then rename) and their SHA-256 digests. Every temp name
 * carries its writer's {@link #ownerTag() owner tag} (process id and start time), so a later run can tell a temp left
 * by a killed writer ({@link #isStaleTemp}) from one a live process is still writing.
 */
public final class AtomicFiles {
    private static final Pattern OWNER = Pattern.compile("\\.p(\\d+)-t(\\d+)-");
    private static final String OWNER_TAG = ".p" + ProcessHandle.current().pid() + "-t" + startMillis(ProcessHandle.current()) + "-";

    private AtomicFiles() {
    }

    /** {@code .p<pid>-t<start millis>-}: the part of a temp name that names the writing process. */
    public static String ownerTag() {
        return OWNER_TAG;
    }

    /**
     * Whether {@code name} is a jmegym temp entry ({@code .<file>.p<pid>-t<ms>-<n>.tmp} of {@link #write}, or the
     * {@code .tmp-step-}, {@code .old-step-}, {@code .del-} folders of checkpoints and run folders) whose writer is gone:
     * no live process has its pid and start time. Temps of this process and of live processes are not stale; of the
     * untagged names only the checkpoint temp folders of earlier versions are.
     */
    public static boolean isStaleTemp(String name) {
        boolean temp = name.startsWith(".") && (name.endsWith(".tmp") || name.startsWith(".tmp-step-")
                || name.startsWith(".old-step-") || name.startsWith(".del-"));
        if (!temp) {
            return false;
        }
        Matcher m = OWNER.matcher(name);
        if (!m.find()) {
            // untagged: only the checkpoint folders of versions before tags are known to be ours
            return name.startsWith(".tmp-step-") || name.startsWith(".old-step-");
        }
        long pid = Long.parseLong(m.group(1));
        long start = Long.parseLong(m.group(2));
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> start == 0 || Math.abs(startMillis(h) - start) <= 1000).isEmpty();
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** Reads a UTF-8 text file; an unreadable file throws an {@link IllegalArgumentException} naming it. */
    public static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
    }

    /** Writes {@code text} (UTF-8) to {@code file} atomically; creates the parent folders. */
    public static void writeString(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file} atomically; creates the parent folders. */
    public static void write(Path file, byte[] bytes) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + OWNER_TAG, ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: keep the default permissions
                }
                moveAtomically(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Renames {@code from} to {@code to} atomically (replacing a file {@code to}). */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes a folder tree so that a kill never leaves it half deleted under its own name: it is first renamed to a
     * hidden {@code .del-<name><owner tag>} sibling (atomic), then deleted; a kill mid-delete leaves only that stale
     * temp, which {@link #isStaleTemp} recognises.
     */
    public static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path aside = Files.createTempDirectory(dir.toAbsolutePath().getParent(), ".del-" + dir.getFileName() + OWNER_TAG);
        Files.delete(aside);
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(aside);
    }

    /** Deletes a file or folder tree (not following symbolic links). */
    public static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
