package io.github.jmegym.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway's exclusive hold on its token file: an OS lock on {@code <file>.lock} beside it, held while the gateway
 * runs and dropped by the OS if the process dies, so that a second gateway refuses the file instead of overwriting
 * it, and a gateway deletes the token file on exit only while it still holds its own token.
 */
final class TokenFileLock implements AutoCloseable {
    private static final int ATTEMPTS = 5;
    /** Lock files held by gateways of this JVM (the OS lock is per process; a second channel would drop it). */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path tokenFile;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private String written;

    private TokenFileLock(Path tokenFile, Path lockFile, FileChannel channel, FileLock lock) {
        this.tokenFile = tokenFile;
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the token file for this process.
     *
     * @throws UncheckedIOException when another live gateway holds it (the message names its process) or the lock
     *         file cannot be made
     */
    static TokenFileLock acquire(Path tokenFile) {
        Path abs = tokenFile.toAbsolutePath();
        Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
        if (!HELD_HERE.add(lockFile)) {
            throw inUse(abs, lockFile, "process " + ProcessHandle.current().pid() + ", this one");
        }
        try {
            Files.createDirectories(abs.getParent());
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Object before = fileKey(lockFile);
                FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    String holder = holder(ch);
                    ch.close();
                    throw inUse(abs, lockFile, holder);
                }
                // The path may have moved to a new file between our stat and our open (the holder deletes it on
                // exit); locking is only ours if the path named the same file before the open and after the lock.
                // (The check never opens the lock file again: closing any descriptor of it would drop our lock.)
                if (before != null && before.equals(fileKey(lockFile))) {
                    byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8);
                    ch.truncate(0).write(ByteBuffer.wrap(pid), 0);
                    return new TokenFileLock(abs, lockFile, ch, lock);
                }
                ch.close();
            }
            throw new IOException("its lock file kept changing");
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(lockFile);
            if (e instanceof UncheckedIOException u) {
                throw u;
            }
            throw new UncheckedIOException(new IOException("cannot lock the token file " + abs + " (" + lockFile
                    + "): " + e.getMessage(), e));
        }
    }

    private static UncheckedIOException inUse(Path tokenFile, Path lockFile, String holder) {
        return new UncheckedIOException(new IOException("the token file " + tokenFile + " belongs to a running"
                + " gateway (" + holder + "; lock " + lockFile + "); stop that gateway or choose another --token-file"));
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        int n = ch.read(b, 0);
        String pid = n > 0 ? new String(b.array(), 0, n, StandardCharsets.UTF_8).strip() : "";
        return pid.isEmpty() ? "process unknown" : "process " + pid;
    }

    /** Writes the connection file (atomically, user-only); {@link #close()} deletes it while it holds this content. */
    void write(String content) throws IOException {
        JmegymGateway.writeConnectionFile(tokenFile, content);
        written = content;
    }

    /** Deletes the token file if it still holds what {@link #write} wrote, then the lock file, and unlocks. */
    @Override
    public void close() throws IOException {
        try {
            String now;
            try {
                now = Files.readString(tokenFile, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                now = null;
            }
            if (written != null && now != null && now.strip().equals(written.strip())) {
                Files.deleteIfExists(tokenFile);
            }
            Files.deleteIfExists(lockFile);
        } finally {
            lock.release();
            channel.close();
            HELD_HERE.remove(lockFile);
        }
    }
}
