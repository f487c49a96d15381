package io.granary.it.raw;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.SignedHttp;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Correctly signed requests (SDK signer, signed payload hash) that carry something no S3 client would send. */
class SignedRawTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    private static void assertError(RawHttp.Response r, int status, String code) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.bodyText()).as("%s", r).contains("<Code>" + code + "</Code>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.10.20", "Upper-Case", "under_score", "ab", "bucket..dots", "-leading-dash",
            "trailing-dash-", "xn--punycode-prefix",
            "a-name-that-is-far-too-long-for-s3-because-it-has-more-than-63-c"})
    void createBucketWithInvalidNameIsInvalidBucketName(String name) throws Exception {
        RawHttp.Response r = new SignedHttp(granary).send("PUT", "/" + name);
        assertError(r, 400, "InvalidBucketName");
    }

    @Test
    void signedPayloadPut() throws Exception {
        String bucket = granary.createBucket("signed-payload");
        byte[] body = TestData.bytes(10_000, 1);
        RawHttp.Response r = new SignedHttp(granary).header("Content-Type", "application/x-raw")
                .send("PUT", "/" + bucket + "/raw%20key", body);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("etag")).isEqualTo(TestData.etagOf(body));
        var got = granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("raw key"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().contentType()).isEqualTo("application/x-raw");
    }

    @Test
    void bodyNotMatchingSignedPayloadHashIsRejectedAndNotStored() throws Exception {
        String bucket = granary.createBucket("sha-mismatch");
        byte[] signedBody = "the body that was signed".getBytes(StandardCharsets.UTF_8);
        byte[] sentBody = "the body that was  sent!".getBytes(StandardCharsets.UTF_8);
        assertThat(sentBody).hasSameSizeAs(signedBody);
        RawHttp.Response r = new SignedHttp(granary).sendInstead(sentBody).send("PUT", "/" + bucket + "/k",
                signedBody);
        assertError(r, 400, "XAmzContentSHA256Mismatch");
        assertThat(granary.s3().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void staleRequestIsRequestTimeTooSkewed() throws Exception {
        String bucket = granary.createBucket("skew");
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        RawHttp.Response r = new SignedHttp(granary).clock(past).send("GET", "/" + bucket);
        assertError(r, 403, "RequestTimeTooSkewed");
        Clock future = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20));
        assertError(new SignedHttp(granary).clock(future).send("GET", "/" + bucket), 403, "RequestTimeTooSkewed");
        // within the 15 minute window is fine
        Clock slightly = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-3));
        assertThat(new SignedHttp(granary).clock(slightly).send("GET", "/" + bucket).status()).isEqualTo(200);
    }

    @Test
    void listObjectsV2ByHandWithEncodingTypeUrl() throws Exception {
        String bucket = granary.createBucket("enc");
        granary.s3().putObject(b -> b.bucket(bucket).key("a b+c/\u00e9"), RequestBody.fromString("x"));
        RawHttp.Response plain = new SignedHttp(granary).query("list-type", "2").send("GET", "/" + bucket);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.bodyText()).contains("<Key>a b+c/\u00e9</Key>").contains("<KeyCount>1</KeyCount>");
        RawHttp.Response enc = new SignedHttp(granary).query("list-type", "2").query("encoding-type", "url")
                .send("GET", "/" + bucket);
        assertThat(enc.status()).isEqualTo(200);
        // S3 form-encodes (space as '+', observed on AWS); '%20' decodes the same with every client
        // (they all use unquote_plus / URLDecoder). What matters: '+' -> %2B, UTF-8 percent-encoded, '/' kept.
        assertThat(enc.bodyText()).contains("<EncodingType>url</EncodingType>")
                .containsAnyOf("<Key>a+b%2Bc/%C3%A9</Key>", "<Key>a%20b%2Bc/%C3%A9</Key>");
    }

    @Test
    void unknownSubresourceIsNotImplementedXml() throws Exception {
        String bucket = granary.createBucket("subres");
        RawHttp.Response r = new SignedHttp(granary).query("cors", "").send("GET", "/" + bucket);
        assertError(r, 501, "NotImplemented");
        assertThat(r.header("x-amz-request-id")).isNotBlank();
    }
}
