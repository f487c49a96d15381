package io.granary.s3.xml;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a parsed S3 request document: its local name (namespaces are ignored, as S3 accepts request
 * bodies with or without the S3 namespace), its text (the concatenated character data directly inside it, entities
 * already replaced, not trimmed) and its child elements in document order.
 */
public record XmlElement(String name, String text, List<XmlElement> children) {

    public XmlElement {
        children = List.copyOf(children);
    }

    /** The first child called {@code childName}, or null. */
    public XmlElement child(String childName) {
        for (XmlElement c : children) {
            if (c.name.equals(childName)) return c;
        }
        return null;
    }

    /** All children called {@code childName}, in document order. */
    public List<XmlElement> children(String childName) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name.equals(childName)) out.add(c);
        }
        return out;
    }

    /** The untrimmed text of the first child called {@code childName}, or null if there is no such child. */
    public String childText(String childName) {
        XmlElement c = child(childName);
        return c == null ? null : c.text;
    }
}
