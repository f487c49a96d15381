package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2 continuation tokens. A token is opaque to clients: base64url (unpadded) of a version tag followed by
 * the UTF-8 bytes of the last entry (key or common prefix) of the previous page; the next page starts strictly after
 * that entry. Nothing is stored server-side, so tokens never expire. Anything that does not decode to a tagged,
 * valid UTF-8 entry is InvalidArgument "The continuation token provided is incorrect".
 */
public final class ContinuationToken {
    private static final byte[] TAG = {'g', '1', ':'};

    private ContinuationToken() {}

    public static String encode(String lastEntry) {
        byte[] entry = lastEntry.getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[TAG.length + entry.length];
        System.arraycopy(TAG, 0, raw, 0, TAG.length);
        System.arraycopy(entry, 0, raw, TAG.length, entry.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The entry the token was made from. */
    public static String decode(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
        if (raw.length <= TAG.length) throw invalid(token);
        for (int i = 0; i < TAG.length; i++) if (raw[i] != TAG[i]) throw invalid(token);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, TAG.length, raw.length - TAG.length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(token);
        }
    }

    private static S3Exception invalid(String token) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, "The continuation token provided is incorrect")
                .with("ArgumentName", "continuation-token").with("ArgumentValue", token);
    }
}
