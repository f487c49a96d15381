package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.xml.CompleteMultipartRequest;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectStore;
import io.granary.storage.PartInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a CompleteMultipartUpload part list against the stored parts, as S3 does, and folds each chosen part into
 * a {@link MultipartDigest}. Stored parts are read with {@link ObjectStore#listParts} one page of 1000 at a time
 * (only part metadata, never part data), merged with the ascending request list.
 *
 * <ul>
 *   <li>Part numbers outside 1..10000 → InvalidArgument; not strictly ascending → InvalidPartOrder.</li>
 *   <li>A part that was never uploaded, or whose ETag differs (quotes and case ignored) → InvalidPart.</li>
 *   <li>Every part but the last smaller than 5 MiB → EntityTooSmall.</li>
 *   <li>A checksum given for a part: in another algorithm than the upload's, or different from the stored value →
 *       InvalidPart.</li>
 * </ul>
 */
final class PartValidator {
    static final int PAGE = 1000;

    private PartValidator() {}

    /** What the chosen parts add up to. */
    record Result(List<Integer> numbers, List<Long> sizes, List<String> checksums, long totalSize,
                  MultipartDigest digest) {}

    /** Only the order and range of part numbers: InvalidArgument / InvalidPartOrder. */
    static void checkOrder(List<CompleteMultipartRequest.Part> requested) {
        int previous = 0;
        for (CompleteMultipartRequest.Part p : requested) {
            if (p.partNumber() < Uploads.MIN_PART_NUMBER || p.partNumber() > Uploads.MAX_PART_NUMBER) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT,
                        "Part number must be an integer between 1 and 10000, inclusive")
                        .with("ArgumentName", "PartNumber").with("ArgumentValue", Integer.toString(p.partNumber()));
            }
            if (p.partNumber() <= previous) throw new S3Exception(S3Error.INVALID_PART_ORDER);
            previous = p.partNumber();
        }
    }

    static Result validate(ObjectStore store, MultipartUpload upload, List<CompleteMultipartRequest.Part> requested) {
        checkOrder(requested);
        ChecksumAlgorithm alg = upload.metadata().checksumAlgorithm();
        MultipartDigest digest = new MultipartDigest(alg, alg == null ? null : upload.metadata().checksumType());
        int n = requested.size();
        List<Integer> numbers = new ArrayList<>(n);
        List<Long> sizes = new ArrayList<>(n);
        List<String> checksums = new ArrayList<>(n);
        long total = 0;

        int idx = 0;
        int marker = requested.getFirst().partNumber() - 1;
        while (idx < n) {
            List<PartInfo> page = store.listParts(upload.bucket(), upload.key(), upload.uploadId(), marker, PAGE);
            if (page.isEmpty()) break;
            for (PartInfo stored : page) {
                if (idx == n) break;
                CompleteMultipartRequest.Part want = requested.get(idx);
                if (stored.partNumber() < want.partNumber()) continue;
                if (stored.partNumber() > want.partNumber()) throw invalidPart(want);
                check(want, stored, alg, idx == n - 1);
                digest.add(stored.etag(), stored.checksumValue(), stored.size());
                numbers.add(stored.partNumber());
                sizes.add(stored.size());
                if (stored.checksumValue() != null) checksums.add(stored.checksumValue());
                total += stored.size();
                idx++;
            }
            marker = page.getLast().partNumber();
        }
        if (idx < n) throw invalidPart(requested.get(idx));
        return new Result(numbers, sizes, checksums.size() == n ? checksums : List.of(), total, digest);
    }

    private static void check(CompleteMultipartRequest.Part want, PartInfo stored, ChecksumAlgorithm alg,
                              boolean last) {
        if (!want.etag().equalsIgnoreCase(stored.etag())) throw invalidPart(want);
        if (want.checksumAlgorithm() != null) {
            if (want.checksumAlgorithm() != alg || !want.checksumValue().equals(stored.checksumValue())) {
                throw invalidPart(want);
            }
        }
        if (!last && stored.size() < Uploads.MIN_PART_SIZE) {
            throw new S3Exception(S3Error.ENTITY_TOO_SMALL)
                    .with("ProposedSize", Long.toString(stored.size()))
                    .with("MinSizeAllowed", Long.toString(Uploads.MIN_PART_SIZE))
                    .with("PartNumber", Integer.toString(stored.partNumber()))
                    .with("ETag", stored.etag());
        }
        try {
            java.util.HexFormat.of().parseHex(stored.etag());
        } catch (IllegalArgumentException e) {
            throw invalidPart(want);
        }
    }

    private static S3Exception invalidPart(CompleteMultipartRequest.Part p) {
        return new S3Exception(S3Error.INVALID_PART)
                .with("PartNumber", Integer.toString(p.partNumber()))
                .with("ETag", p.etag());
    }
}
