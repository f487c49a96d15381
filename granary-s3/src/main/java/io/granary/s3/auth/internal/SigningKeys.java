package io.granary.s3.auth.internal;

import io.granary.s3.auth.Credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Secrets and SigV4 signing keys: looks up the secret of an access key (InvalidAccessKeyId when there is none) and
 * derives the signing key of a credential scope, keeping the last {@value #CACHE_SIZE} derived keys (least recently
 * used out). A cached key is used only while the secret it was derived from is still the access key's secret.
 * Thread-safe.
 */
public final class SigningKeys {
    private static final int CACHE_SIZE = 64;

    private final Credentials credentials;
    private final Map<String, CachedKey> keys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedKey> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private long derivations;

    private record CachedKey(byte[] secret, byte[] key) {}

    public SigningKeys(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * The secret key of {@code accessKey}.
     *
     * @throws io.granary.s3.S3Exception InvalidAccessKeyId
     */
    public String secretFor(String accessKey) {
        Optional<String> secret = credentials.secretKeyFor(accessKey);
        if (secret.isEmpty()) throw AuthErrors.invalidAccessKeyId(accessKey);
        return secret.get();
    }

    /** The signing key of {@code scope} under {@code secret}, from the cache when it holds one. */
    public byte[] signingKey(CredentialScope scope, String secret) {
        String cacheKey = scope.accessKey() + "\n" + scope.date() + "\n" + scope.region() + "\n" + scope.service();
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        synchronized (keys) {
            CachedKey cached = keys.get(cacheKey);
            if (cached != null && MessageDigest.isEqual(cached.secret, secretBytes)) return cached.key;
        }
        byte[] key = SigV4.signingKey(secret, scope.date(), scope.region(), scope.service());
        synchronized (keys) {
            keys.put(cacheKey, new CachedKey(secretBytes, key));
            derivations++;
        }
        return key;
    }

    /** Number of signing keys derived (not served from the cache). */
    public long derivations() {
        synchronized (keys) {
            return derivations;
        }
    }

    /** Number of cached signing keys. */
    public int cached() {
        synchronized (keys) {
            return keys.size();
        }
    }
}
