package io.github.dvae.experiments.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work, that a command can write where it was told to: the directory is
 * created if missing and a probe file is written into it and removed. Asking the operating
 * system by writing is the only test that holds everywhere: permission bits do not stop root,
 * and file systems such as {@code /proc} or a read-only mount refuse whatever the bits say.
 */
final class OutputDirectory {

    private OutputDirectory() {
    }

    /**
     * Makes sure {@code dir} and its {@code children} (directories inside it) exist and can be
     * written.
     *
     * @param option the option that named {@code dir}, for the message ({@code --output})
     * @throws UsageException one line naming the path and why it cannot be written
     */
    static void require(String option, Path dir, String... children) {
        Path root = dir.toAbsolutePath().normalize();
        require(option, root, root);
        for (String child : children) {
            require(option, root, root.resolve(child));
        }
    }

    private static void require(String option, Path named, Path dir) {
        String where = option + " " + named + ": ";
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new UsageException(where + (existing.equals(dir) ? dir + " is a file, not a "
                    + "directory" : existing + " is a file, so nothing can be created under it")
                    + "; name a directory (created if missing)");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".dvae-write-check", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new UsageException(where + "permission denied writing in " + nearest(e, dir)
                    + "; choose a directory you may write to");
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(where + e.getFile() + " is a file, not a directory");
        } catch (FileSystemException e) {
            throw new UsageException(where + "cannot write in " + nearest(e, dir) + ": "
                    + reason(e) + "; choose a directory on a writable file system");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new UsageException(where + "cannot write in " + dir + ": " + e.getMessage());
        }
    }

    /** The operating system's reason, in words (Java leaves some of them out). */
    private static String reason(FileSystemException e) {
        if (e.getReason() != null) {
            return e.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "the file system refuses to create it (no such file or directory)";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        return "the file system refuses it";
    }

    private static String nearest(FileSystemException e, Path dir) {
        return e.getFile() != null ? e.getFile() : dir.toString();
    }
}
