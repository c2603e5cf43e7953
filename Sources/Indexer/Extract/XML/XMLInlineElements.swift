/// Element names shared by the XML extractors.
enum XMLInlineElements {
  /// XHTML, DocBook and JATS elements that do not break words; every other element is a block boundary.
  static let inline: Set<String> = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "del", "ins", "strike",
    "emphasis", "italic", "bold", "monospace", "underline", "sc", "link", "ulink", "xref", "ext-link", "literal",
    "phrase", "quote", "citetitle", "firstterm", "foreignphrase", "glossterm", "inline-formula", "named-content",
    "styled-content", "uri", "email", "filename", "command", "replaceable", "trademark", "productname", "acronym",
    "abbrev", "superscript", "subscript", "inline-graphic", "fn", "footnoteref", "olink", "function", "varname",
    "classname", "option", "systemitem", "userinput", "computeroutput", "application", "hi", "foreign", "term",
    "rs", "persName", "placeName", "orgName", "name", "date", "num",
  ]
}
