package io.granary.s3.handler.support;

import io.granary.s3.handler.S3Settings;
import io.granary.s3.xml.XmlWriter;

/**
 * Writes S3's owner-shaped elements ({@code <Owner>}, {@code <Initiator>}) with the canonical id and display name of
 * the server's single owner from {@link S3Settings}.
 */
public final class OwnerXml {
    private OwnerXml() {}

    /** {@code <name><ID>..</ID><DisplayName>..</DisplayName></name>}. */
    public static XmlWriter write(XmlWriter xml, String name, S3Settings settings) {
        return xml.start(name)
                .element("ID", settings.ownerId())
                .element("DisplayName", settings.ownerName())
                .end();
    }
}
