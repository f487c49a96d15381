package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static io.granary.s3.auth.Requests.AK;
import static io.granary.s3.auth.Requests.SK;
import static io.granary.s3.auth.Requests.exceptionOf;
import static io.granary.s3.auth.Requests.headers;
import static io.granary.s3.auth.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of the AWS "Signing and Authenticating REST Requests" (Signature Version 2) documentation, with its
 * example credentials. The virtual-host examples need the authenticator to know the S3 endpoint domains.
 */
class SigV2GoldenVectorsTest {
    static final List<String> DOMAINS =
            List.of("s3.us-west-1.amazonaws.com", "us-west-1.s3.amazonaws.com", "s3.amazonaws.com");
    final SigV2Signer signer = new SigV2Signer(AK, SK);

    static SigV4Authenticator at(String rfc1123) {
        Instant now = ZonedDateTime.parse(rfc1123, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return new SigV4Authenticator(Credentials.single(AK, SK), Clock.fixed(now, ZoneOffset.UTC), DOMAINS);
    }

    static S3Request req(String method, String rawPath, String rawQuery, Headers h, String signature) {
        h.add("Authorization", "AWS " + AK + ":" + signature);
        return request(method, rawPath, rawQuery, h, new byte[0]);
    }

    @Test
    void getObject() {
        String date = "Tue, 27 Mar 2007 19:36:42 +0000";
        String sts = "GET\n\n\n" + date + "\n/awsexamplebucket1/photos/puppy.jpg";
        assertThat(signer.signature(sts)).isEqualTo("qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
        Headers h = headers("Host", "awsexamplebucket1.us-west-1.s3.amazonaws.com", "Date", date);
        assertThat(SigV2Signer.stringToSign("GET", "/awsexamplebucket1/photos/puppy.jpg", List.of(), h, date))
                .isEqualTo(sts);
        AuthenticatedRequest auth = at(date).authenticate(req("GET", "/photos/puppy.jpg", "", h,
                "qgk2+6Sv9/oM7G3qLEjTH1a1l1g="));
        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.awsChunked()).isFalse();
    }

    @Test
    void getObjectVirtualHostNeedsTheDomains() {
        String date = "Tue, 27 Mar 2007 19:36:42 +0000";
        Headers h = headers("Host", "awsexamplebucket1.us-west-1.s3.amazonaws.com", "Date", date);
        S3Request r = req("GET", "/photos/puppy.jpg", "", h, "qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
        Instant now = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        SigV4Authenticator pathStyleOnly = new SigV4Authenticator(Credentials.single(AK, SK),
                Clock.fixed(now, ZoneOffset.UTC));
        S3Exception e = exceptionOf(() -> pathStyleOnly.authenticate(r));
        assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(e.elements()).containsEntry("StringToSign", "GET\n\n\n" + date + "\n/photos/puppy.jpg");
        // The same request path style verifies without the domains.
        Headers h2 = headers("Host", "s3.us-west-1.amazonaws.com", "Date", date);
        assertThat(pathStyleOnly.authenticate(req("GET", "/awsexamplebucket1/photos/puppy.jpg", "", h2,
                "qgk2+6Sv9/oM7G3qLEjTH1a1l1g=")).accessKey()).isEqualTo(AK);
    }

    @Test
    void putObject() throws Exception {
        String date = "Tue, 27 Mar 2007 21:15:45 +0000";
        String sts = "PUT\n\nimage/jpeg\n" + date + "\n/awsexamplebucket1/photos/puppy.jpg";
        assertThat(signer.signature(sts)).isEqualTo("iqRzw+ileNPu1fhspnRs8nOjjIA=");
        byte[] body = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
        Headers h = headers("Content-Type", "image/jpeg", "Content-Length", Integer.toString(body.length),
                "Host", "awsexamplebucket1.s3.us-west-1.amazonaws.com", "Date", date,
                "Authorization", "AWS " + AK + ":iqRzw+ileNPu1fhspnRs8nOjjIA=");
        AuthenticatedRequest auth = at(date).authenticate(request("PUT", "/photos/puppy.jpg", "", h, body));
        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.decodedContentLength()).isEqualTo(body.length);
        assertThat(auth.payload().readAllBytes()).isEqualTo(body);
    }

    @Test
    void listObjects() {
        String date = "Tue, 27 Mar 2007 19:42:41 +0000";
        // prefix, max-keys and marker are not sub-resources: the resource is just the bucket.
        assertThat(signer.signature("GET\n\n\n" + date + "\n/awsexamplebucket1/"))
                .isEqualTo("m0WP8eCtspQl5Ahe6L1SozdX9YA=");
        Headers h = headers("User-Agent", "Mozilla/5.0", "Host", "awsexamplebucket1.s3.us-west-1.amazonaws.com",
                "Date", date);
        assertThat(at(date).authenticate(req("GET", "/", "prefix=photos&max-keys=50&marker=puppy", h,
                "m0WP8eCtspQl5Ahe6L1SozdX9YA=")).accessKey()).isEqualTo(AK);
    }

    @Test
    void getBucketAcl() {
        String date = "Tue, 27 Mar 2007 19:44:46 +0000";
        assertThat(signer.signature("GET\n\n\n" + date + "\n/awsexamplebucket1/?acl"))
                .isEqualTo("82ZHiFIjc+WbcwFKGUVEQspPn+0=");
        Headers h = headers("Host", "awsexamplebucket1.s3.us-west-1.amazonaws.com", "Date", date);
        assertThat(at(date).authenticate(req("GET", "/", "acl", h, "82ZHiFIjc+WbcwFKGUVEQspPn+0=")).accessKey())
                .isEqualTo(AK);
        // Without ?acl the same signature is for another request.
        Headers h2 = headers("Host", "awsexamplebucket1.s3.us-west-1.amazonaws.com", "Date", date);
        assertThat(exceptionOf(() -> at(date).authenticate(req("GET", "/", "", h2, "82ZHiFIjc+WbcwFKGUVEQspPn+0=")))
                .error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void deleteObjectWithXAmzDate() {
        // The documentation's DELETE example: path style, both Date and x-amz-date, and the StringToSign carries
        // x-amz-date's value on the Date line.
        String sts = "DELETE\n\n\nTue, 27 Mar 2007 21:20:26 +0000\n/awsexamplebucket1/photos/puppy.jpg";
        assertThat(signer.signature(sts)).isEqualTo("XbyTlbQdu9Xw5o8P4iMwPktxQd8=");
        Headers h = headers("User-Agent", "dotnet", "Host", "s3.us-west-1.amazonaws.com",
                "Date", "Tue, 27 Mar 2007 21:20:27 +0000", "x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000");
        assertThat(at("Tue, 27 Mar 2007 21:20:27 +0000").authenticate(req("DELETE",
                "/awsexamplebucket1/photos/puppy.jpg", "", h, "XbyTlbQdu9Xw5o8P4iMwPktxQd8=")).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void uploadWithAmzHeadersAndContentMd5() {
        // The documentation's upload example uses a CNAME host (static.example.com), which Granary cannot map to a
        // bucket; the same request path style has the same StringToSign.
        String sts = "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
                + "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
                + "x-amz-meta-reviewedby:joe@example.com,jane@example.com\n/static.example.com/db-backup.dat.gz";
        assertThat(signer.signature(sts)).isEqualTo("jtBQa0Aq+DkULFI8qrpwIjGEx0E=");
        Headers h = headers("User-Agent", "curl/7.15.5", "Host", "s3.us-west-1.amazonaws.com:8080",
                "Date", "Tue, 27 Mar 2007 21:06:08 +0000", "x-amz-acl", "public-read",
                "content-type", "application/x-download", "Content-MD5", "4gJE4saaMU4BqNR0kLY+lw==",
                "X-Amz-Meta-ReviewedBy", "joe@example.com", "X-Amz-Meta-ReviewedBy", "jane@example.com",
                "X-Amz-Meta-FileChecksum", "0x02661779", "X-Amz-Meta-ChecksumAlgorithm", "crc32",
                "Content-Disposition", "attachment; filename=database.dat", "Content-Encoding", "gzip",
                "Content-Length", "5913339");
        assertThat(SigV2Signer.stringToSign("PUT", "/static.example.com/db-backup.dat.gz", List.of(), h,
                "Tue, 27 Mar 2007 21:06:08 +0000")).isEqualTo(sts);
        assertThat(at("Tue, 27 Mar 2007 21:06:08 +0000").authenticate(req("PUT",
                "/static.example.com/db-backup.dat.gz", "", h, "jtBQa0Aq+DkULFI8qrpwIjGEx0E=")).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void listBuckets() {
        String date = "Wed, 28 Mar 2007 01:29:59 +0000";
        assertThat(signer.signature("GET\n\n\n" + date + "\n/")).isEqualTo("qGdzdERIC03wnaRNKh6OqZehG9s=");
        Headers h = headers("Host", "s3.us-west-1.amazonaws.com", "Date", date);
        assertThat(at(date).authenticate(req("GET", "/", "", h, "qGdzdERIC03wnaRNKh6OqZehG9s=")).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void unicodeKeysAreSignedAsSent() {
        String date = "Wed, 28 Mar 2007 01:49:49 +0000";
        String path = "/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re";
        assertThat(signer.signature("GET\n\n\n" + date + "\n" + path)).isEqualTo("DNEZGsoieTZ92F3bUfSPQcbGmlM=");
        Headers h = headers("Host", "s3.us-west-1.amazonaws.com", "Date", date);
        assertThat(at(date).authenticate(req("GET", path, "", h, "DNEZGsoieTZ92F3bUfSPQcbGmlM=")).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void queryStringExample() {
        // The query-string example of the documentation's johnsmith edition (the awsexamplebucket1 edition kept the
        // johnsmith signature, so only this one reproduces).
        String sts = "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg";
        assertThat(signer.signature(sts)).isEqualTo("NpgCjnDzrM+WFzoENXmpNDUsSn8=");
        Headers h = headers("Host", "johnsmith.s3.amazonaws.com");
        String query = "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D"
                + "&Expires=1175139620";
        SigV4Authenticator before = new SigV4Authenticator(Credentials.single(AK, SK),
                Clock.fixed(Instant.ofEpochSecond(1175139620L - 600), ZoneOffset.UTC), DOMAINS);
        assertThat(before.authenticate(request("GET", "/photos/puppy.jpg", query, h, new byte[0])).accessKey())
                .isEqualTo(AK);
        SigV4Authenticator after = new SigV4Authenticator(Credentials.single(AK, SK),
                Clock.fixed(Instant.ofEpochSecond(1175139621L), ZoneOffset.UTC), DOMAINS);
        S3Exception e = exceptionOf(() -> after.authenticate(request("GET", "/photos/puppy.jpg", query,
                headers("Host", "johnsmith.s3.amazonaws.com"), new byte[0])));
        assertThat(e.error()).isEqualTo(S3Error.EXPIRED_REQUEST);
        assertThat(e.getMessage()).isEqualTo("Request has expired");
    }
}
