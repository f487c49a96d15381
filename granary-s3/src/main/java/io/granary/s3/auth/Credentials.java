package io.granary.s3.auth;

import java.util.Map;
import java.util.Optional;

/** Looks up the secret key of an access key. Today: the root pair only. */
public interface Credentials {
    Optional<String> secretKeyFor(String accessKey);

    static Credentials single(String accessKey, String secretKey) {
        Map<String, String> m = Map.of(accessKey, secretKey);
        return ak -> Optional.ofNullable(m.get(ak));
    }
}
