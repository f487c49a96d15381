package io.granary.s3.xml;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Parses a small S3 request body (Delete, CompleteMultipartUpload, CreateBucketConfiguration) into an
 * {@link XmlElement} tree with the JDK's StAX parser, hardened for untrusted input:
 * <ul>
 *   <li>DTDs are not supported and any {@code <!DOCTYPE>} is rejected outright, so neither external entities nor
 *       internal entity expansion ("billion laughs") can happen; external entity resolution is disabled too.</li>
 *   <li>The body must already be in memory and no larger than the caller's limit; the element count and the
 *       nesting depth are bounded as well.</li>
 * </ul>
 * Every failure (not well-formed, DOCTYPE, limits exceeded) is {@link S3Error#MALFORMED_XML}.
 */
public final class XmlRequestParser {
    /** Deepest nesting any S3 request document needs (Delete/Object/Key is 3). */
    public static final int MAX_DEPTH = 8;

    private static final XMLInputFactory FACTORY = newFactory();

    private XmlRequestParser() {}

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return f;
    }

    /**
     * Parses {@code body} and returns its root element.
     *
     * @param maxBytes    largest accepted body
     * @param maxElements largest accepted number of elements
     * @throws S3Exception MalformedXML on any problem (an empty body included)
     */
    public static XmlElement parse(byte[] body, int maxBytes, int maxElements) {
        if (body == null || body.length == 0) throw malformed("empty body");
        if (body.length > maxBytes) throw malformed("body larger than " + maxBytes + " bytes");
        XMLStreamReader r = null;
        try {
            synchronized (FACTORY) {
                r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            }
            Deque<Building> stack = new ArrayDeque<>();
            XmlElement root = null;
            int elements = 0;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE,
                         XMLStreamConstants.ENTITY_DECLARATION, XMLStreamConstants.NOTATION_DECLARATION ->
                            throw malformed("DTDs and entity declarations are not allowed");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (root != null) throw malformed("content after the root element");
                        if (++elements > maxElements) throw malformed("too many elements");
                        if (stack.size() >= MAX_DEPTH) throw malformed("nesting too deep");
                        stack.push(new Building(r.getLocalName()));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) stack.peek().text.append(r.getText());
                        else if (!r.isWhiteSpace()) throw malformed("text outside the root element");
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Building done = stack.pop();
                        XmlElement el = new XmlElement(done.name, done.text.toString(), done.children);
                        if (stack.isEmpty()) root = el;
                        else stack.peek().children.add(el);
                    }
                    default -> { /* comments, processing instructions, document start/end */ }
                }
            }
            if (root == null) throw malformed("no root element");
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof S3Exception s3) throw s3;
            throw new S3Exception(S3Error.MALFORMED_XML, S3Error.MALFORMED_XML.defaultMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release for an in-memory stream
                }
            }
        }
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3Error.MALFORMED_XML, S3Error.MALFORMED_XML.defaultMessage(),
                new IllegalArgumentException(why));
    }

    private static final class Building {
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();

        Building(String name) {
            this.name = name;
        }
    }
}
