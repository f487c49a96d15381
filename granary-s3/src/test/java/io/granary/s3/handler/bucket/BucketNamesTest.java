package io.granary.s3.handler.bucket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BucketNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "abc, true",
            "my-bucket, true",
            "my.bucket.name, true",
            "a1b, true",
            "123, true",
            "docexamplewebsite.com, true",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, true",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
            "ab, false",
            "a, false",
            "My-Bucket, false",
            "my_bucket, false",
            "-bucket, false",
            "bucket-, false",
            ".bucket, false",
            "bucket., false",
            "my..bucket, false",
            "192.168.5.4, false",
            "1.2.3.4, false",
            "1.2.3, true",
            "1.2.3.4.5, true",
            "xn--bucket, false",
            "sthree-bucket, false",
            "sthree-configurator, false",
            "amzn-s3-demo-bucket, false",
            "bucket-s3alias, false",
            "bucket--ol-s3, false",
            "bucket--x-s3, false",
            "bucket.mrap, false",
            "xn-bucket, true",
            "bucket-s3alia, true",
            "b\u00e9cket, false",
            "my bucket, false",
            "my/bucket, false",
    })
    void validatesNames(String name, boolean valid) {
        assertThat(BucketNames.isValid(name)).isEqualTo(valid);
    }
}
