package io.granary.s3.xml;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.storage.ChecksumAlgorithm;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of CompleteMultipartUpload:
 * {@code <CompleteMultipartUpload><Part><PartNumber>n</PartNumber><ETag>e</ETag><ChecksumCRC32>c</ChecksumCRC32>?
 * </Part>...</CompleteMultipartUpload>}.
 *
 * <p>Only the syntax is checked here (MalformedXML: not well-formed, wrong root, no {@code Part}, more than
 * {@link #MAX_PARTS}, a missing or non-integer {@code PartNumber}, a missing {@code ETag}, two checksum elements in
 * one part). Order, existence and sizes are the handler's business. ETags are trimmed and their quotes removed.
 *
 * @param parts the parts in document order
 */
public record CompleteMultipartRequest(List<Part> parts) {
    public static final int MAX_PARTS = 10_000;
    /** 10 000 parts with a SHA-256 checksum each take about 2.2 MB. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    public CompleteMultipartRequest {
        parts = List.copyOf(parts);
    }

    /**
     * One listed part.
     *
     * @param etag              unquoted
     * @param checksumAlgorithm the algorithm of the checksum element given, or null
     * @param checksumValue     its trimmed base64 value, or null
     */
    public record Part(int partNumber, String etag, ChecksumAlgorithm checksumAlgorithm, String checksumValue) {}

    public static CompleteMultipartRequest parse(byte[] body) {
        XmlElement root = XmlRequestParser.parse(body, MAX_BODY_BYTES, 8 * MAX_PARTS + 64);
        if (!root.name().equals("CompleteMultipartUpload")) throw malformed();
        List<XmlElement> partEls = root.children("Part");
        if (partEls.isEmpty() || partEls.size() > MAX_PARTS) throw malformed();
        List<Part> out = new ArrayList<>(partEls.size());
        for (XmlElement p : partEls) {
            String number = p.childText("PartNumber");
            String etag = p.childText("ETag");
            if (number == null || etag == null) throw malformed();
            int n;
            try {
                n = Integer.parseInt(number.trim());
            } catch (NumberFormatException e) {
                throw malformed();
            }
            ChecksumAlgorithm alg = null;
            String value = null;
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                String v = p.childText("Checksum" + a.name());
                if (v == null) continue;
                if (alg != null) throw malformed();
                alg = a;
                value = v.trim();
            }
            out.add(new Part(n, unquote(etag), alg, value));
        }
        return new CompleteMultipartRequest(out);
    }

    /** Trims and strips one pair of surrounding double quotes. */
    public static String unquote(String etag) {
        String t = etag.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
        return t;
    }

    private static S3Exception malformed() {
        return new S3Exception(S3Error.MALFORMED_XML);
    }
}
