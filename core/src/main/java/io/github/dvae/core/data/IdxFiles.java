package io.github.dvae.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST, Fashion-MNIST, KMNIST and EMNIST, raw or gzip-compressed (told
 * apart by the file's first bytes, not its name).
 *
 * <p>A directory holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each possibly with
 * {@code .gz}; Debian's {@code dataset-fashion-mnist} installs such a directory at
 * {@code /usr/share/datasets/fashion-mnist}.
 */
public final class IdxFiles {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {
    }

    /** Images as intensities in [0, 1]; {@code shape[0]} images of {@code shape[1] x shape[2]}. */
    public record Images(int count, int rows, int columns, float[] pixels) {
    }

    /**
     * Loads the four files of an MNIST-format directory.
     *
     * @throws DataFormatException naming the directory or file and what was expected
     */
    public static ImageDataset loadDirectory(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("data directory " + dir + " does not exist; expected a "
                    + "directory with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                    + "t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]");
        }
        Images train = readImages(find(dir, "train-images-idx3-ubyte"));
        int[] trainLabels = readLabels(find(dir, "train-labels-idx1-ubyte"));
        Images test = readImages(find(dir, "t10k-images-idx3-ubyte"));
        int[] testLabels = readLabels(find(dir, "t10k-labels-idx1-ubyte"));
        if (train.count() != trainLabels.length || test.count() != testLabels.length) {
            throw new DataFormatException("in " + dir + ": image and label counts differ (train "
                    + train.count() + " vs " + trainLabels.length + ", test " + test.count()
                    + " vs " + testLabels.length + ")");
        }
        if (train.rows() != test.rows() || train.columns() != test.columns()) {
            throw new DataFormatException("in " + dir + ": train and test images differ in size");
        }
        return new ImageDataset(name, train.columns(), train.rows(), train.pixels(), trainLabels,
                test.pixels(), testLabels);
    }

    private static Path find(Path dir, String stem) {
        for (String candidate : List.of(stem + ".gz", stem, stem.replace("-idx", ".idx") + ".gz",
                stem.replace("-idx", ".idx"))) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException("no " + stem + " (or " + stem + ".gz) in " + dir);
    }

    /** Reads an IDX3 unsigned-byte image file. */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataFormatException(file + " is not an IDX image file: magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x00000803 (unsigned bytes, 3 "
                        + "dimensions)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols > Integer.MAX_VALUE) {
                throw new DataFormatException(file + " declares an impossible shape " + count
                        + " x " + rows + " x " + cols);
            }
            byte[] raw = new byte[count * rows * cols];
            in.readFully(raw);
            float[] px = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                px[i] = (raw[i] & 0xFF) / 255f;
            }
            return new Images(count, rows, cols, px);
        } catch (EOFException e) {
            throw new DataFormatException(file + " ends before the data its header declares", e);
        } catch (NoSuchFileException e) {
            throw new DataFormatException("no such file: " + file, e);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an IDX1 unsigned-byte label file. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataFormatException(file + " is not an IDX label file: magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x00000801 (unsigned bytes, 1 "
                        + "dimension)");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new DataFormatException(file + " declares " + count + " labels");
            }
            byte[] raw = new byte[count];
            in.readFully(raw);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        } catch (EOFException e) {
            throw new DataFormatException(file + " ends before the data its header declares", e);
        } catch (NoSuchFileException e) {
            throw new DataFormatException("no such file: " + file, e);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }
}
