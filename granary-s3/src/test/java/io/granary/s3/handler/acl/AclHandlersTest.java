package io.granary.s3.handler.acl;

import io.granary.s3.handler.S3Settings;
import io.granary.s3.xml.XmlRequestParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AclHandlersTest {
    private static final S3Settings SETTINGS = S3Settings.defaults();

    private static boolean ownerOnly(String grants) {
        String xml = "<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList>" + grants
                + "</AccessControlList></AccessControlPolicy>";
        return AclHandlers.isOwnerOnly(XmlRequestParser.parse(xml.getBytes(StandardCharsets.UTF_8), 65536, 1000),
                SETTINGS.ownerId());
    }

    @Test
    void thePolicyWeSendIsOwnerOnlyWhenSentBack() {
        byte[] policy = AclHandlers.policy(SETTINGS);
        String text = new String(policy, StandardCharsets.UTF_8);
        assertThat(text).contains("<Permission>FULL_CONTROL</Permission>", "xsi:type=\"CanonicalUser\"");
        assertThat(AclHandlers.isOwnerOnly(XmlRequestParser.parse(policy, 65536, 1000), SETTINGS.ownerId())).isTrue();
    }

    @Test
    void anyOtherGrantIsNotOwnerOnly() {
        String owner = "<Grantee><ID>" + SETTINGS.ownerId() + "</ID></Grantee>";
        assertThat(ownerOnly("<Grant>" + owner + "<Permission>FULL_CONTROL</Permission></Grant>")).isTrue();
        assertThat(ownerOnly("<Grant>" + owner + "<Permission>READ</Permission></Grant>")).isFalse();
        assertThat(ownerOnly("<Grant><Grantee><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>"
                + "<Permission>READ</Permission></Grant>")).isFalse();
        assertThat(ownerOnly("<Grant><Grantee><ID>someone-else</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>"))
                .isFalse();
        assertThat(ownerOnly("<Grant><Grantee><EmailAddress>a@b.c</EmailAddress></Grantee>"
                + "<Permission>FULL_CONTROL</Permission></Grant>")).isFalse();
    }
}
