package io.granary.s3.handler;

/**
 * Settings of the S3 front end.
 *
 * @param region       the region this server claims (GetBucketLocation, SigV4 scope is not checked against it)
 * @param domains      base domains for virtual-host style addressing; empty for path style only
 * @param ownerId      canonical user id shown as Owner
 * @param ownerName    display name shown as Owner
 */
public record S3Settings(String region, java.util.List<String> domains, String ownerId, String ownerName) {
    public S3Settings {
        domains = domains == null ? java.util.List.of() : java.util.List.copyOf(domains);
    }

    public static S3Settings defaults() {
        return new S3Settings("us-east-1", java.util.List.of(),
                "02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4", "granary");
    }
}
