package io.granary.it.raw;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.SignedHttp;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual-host style addressing (bucket.localhost) with a server configured for the base domain "localhost".
 * DNS is not involved: requests go to 127.0.0.1 with the Host header (and signature) of bucket.localhost.
 */
class VirtualHostTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension(List.of("localhost"));

    @Test
    void objectRoundTripAndListingThroughVirtualHost() throws Exception {
        String bucket = granary.createBucket("vhost");
        String vhost = bucket + ".localhost";
        byte[] body = TestData.bytes(5000, 1);
        RawHttp.Response put = new SignedHttp(granary).host(vhost).send("PUT", "/dir/obj%20one", body);
        assertThat(put.status()).as("PUT via %s: %s", vhost, put).isEqualTo(200);
        assertThat(put.header("etag")).isEqualTo(TestData.etagOf(body));

        RawHttp.Response get = new SignedHttp(granary).host(vhost).send("GET", "/dir/obj%20one");
        assertThat(get.status()).as("%s", get).isEqualTo(200);
        assertThat(get.body()).isEqualTo(body);

        RawHttp.Response list = new SignedHttp(granary).host(vhost).query("list-type", "2").send("GET", "/");
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        assertThat(list.bodyText()).contains("<Name>" + bucket + "</Name>").contains("<Key>dir/obj one</Key>");

        // the same object is visible path-style
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("dir/obj one")).asByteArray())
                .isEqualTo(body);

        // a key that starts with the bucket name is not confused with path style
        RawHttp.Response put2 = new SignedHttp(granary).host(vhost).send("PUT", "/" + bucket + "/nested",
                "n".getBytes());
        assertThat(put2.status()).isEqualTo(200);
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key(bucket + "/nested")).asUtf8String())
                .isEqualTo("n");
    }

    @Test
    void missingBucketThroughVirtualHost() throws Exception {
        RawHttp.Response r = new SignedHttp(granary).host("no-such-bucket-vh.localhost").send("GET", "/k");
        assertThat(r.status()).as("%s", r).isEqualTo(404);
        assertThat(r.bodyText()).contains("<Code>NoSuchBucket</Code>");
    }

    @Test
    void plainHostStillMeansPathStyle() throws Exception {
        String bucket = granary.createBucket("vhost-path");
        RawHttp.Response put = new SignedHttp(granary).host("localhost").send("PUT", "/" + bucket + "/k",
                "v".getBytes());
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
    }
}
