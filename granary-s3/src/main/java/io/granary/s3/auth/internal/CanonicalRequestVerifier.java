package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a SigV4 signature (Authorization header or presigned URL) against the canonical request rebuilt from what
 * arrived. Clients differ in how they escape the same request, so a few spellings are tried: the canonical URI and,
 * if different, the path as sent; '+' in the query as a space and, if there is one, as '+'. All address the same
 * resource. A mismatch is SignatureDoesNotMatch with the first (canonical) spelling in its elements. Stateless.
 */
public final class CanonicalRequestVerifier {
    private CanonicalRequestVerifier() {}

    /**
     * Parses the SignedHeaders list ({@code host;x-amz-date}), lower-casing the names.
     *
     * @throws S3Exception {@code err} when it names no header
     */
    public static List<String> parseSignedHeaders(String text, S3Error err) {
        List<String> out = new ArrayList<>();
        for (String h : text.split(";")) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) out.add(name);
        }
        if (out.isEmpty()) throw new S3Exception(err, "SignedHeaders is empty.");
        return out;
    }

    /**
     * Verifies {@code provided}.
     *
     * @param payloadHash  the last line of the canonical request (x-amz-content-sha256 or UNSIGNED-PAYLOAD)
     * @param excludeParam the query parameter that is not signed (X-Amz-Signature of a presigned URL), or null
     * @param amzDate      the request time as yyyyMMdd'T'HHmmss'Z'
     * @throws S3Exception SignatureDoesNotMatch
     */
    public static void verify(S3Request request, List<String> signedHeaders, String payloadHash, String excludeParam,
                              String amzDate, CredentialScope scope, byte[] signingKey, String provided) {
        String headerBlock = canonicalHeaders(request, signedHeaders);
        String signedHeaderLine = String.join(";", signedHeaders);
        String rawPath = request.rawPath();
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();

        List<String> uris = new ArrayList<>(2);
        uris.add(SigV4.canonicalUri(rawPath));
        if (rawPath != null && !rawPath.isEmpty() && !rawPath.equals(uris.getFirst())) uris.add(rawPath);
        List<String> queries = new ArrayList<>(2);
        queries.add(SigV4.canonicalQuery(rawQuery, true, excludeParam));
        if (rawQuery.indexOf('+') >= 0) queries.add(SigV4.canonicalQuery(rawQuery, false, excludeParam));

        String firstCanonical = null;
        String firstStringToSign = null;
        for (String uri : uris) {
            for (String q : queries) {
                String canonical = request.method() + "\n" + uri + "\n" + q + "\n" + headerBlock + "\n"
                        + signedHeaderLine + "\n" + payloadHash;
                String stringToSign = SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope.scope() + "\n"
                        + SigV4.sha256Hex(canonical);
                if (SigV4.signaturesEqual(SigV4.signature(signingKey, stringToSign), provided)) return;
                if (firstCanonical == null) {
                    firstCanonical = canonical;
                    firstStringToSign = stringToSign;
                }
            }
        }
        throw AuthErrors.signatureDoesNotMatch(scope.accessKey(), firstStringToSign, provided)
                .with("CanonicalRequest", firstCanonical);
    }

    /**
     * The canonical headers block: each signed header as {@code name:value\n}, repeated values joined by ','. A
     * signed Host or Content-Length the HTTP layer consumed is taken from the request line / framing.
     */
    private static String canonicalHeaders(S3Request request, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder(256);
        Headers headers = request.headers();
        for (String name : signedHeaders) {
            List<String> values = headers.getAll(name);
            String value;
            if (values.isEmpty()) {
                if (name.equals("host") && request.host() != null) value = SigV4.canonicalHeaderValue(request.host());
                else if (name.equals("content-length") && request.contentLength() >= 0) {
                    value = Long.toString(request.contentLength());
                } else value = "";
            } else if (values.size() == 1) {
                value = SigV4.canonicalHeaderValue(values.getFirst());
            } else {
                StringBuilder v = new StringBuilder();
                for (String s : values) {
                    if (!v.isEmpty()) v.append(',');
                    v.append(SigV4.canonicalHeaderValue(s));
                }
                value = v.toString();
            }
            sb.append(name).append(':').append(value).append('\n');
        }
        return sb.toString();
    }
}
