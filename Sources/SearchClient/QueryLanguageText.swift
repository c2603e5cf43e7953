/// The query-language reference printed by `seek help query`: the text of docs/query-language.md.
enum QueryLanguageText {
  static let text = #"""
    # seek query language

    `seek search QUERY` takes a query in the syntax below. Plain words are enough for most searches:

        seek search export controls chips

    finds documents containing any of the words, ranked so that documents with more of them, in titles and
    headings, close together, come first.

    ## Words

    | Syntax | Meaning |
    |---|---|
    | `chips` | documents containing the word (matched after stemming: `chip`, `chips`, `chipping`); exact forms rank higher |
    | `chips export` | any of the words; documents with more of them rank first |
    | `"export controls"` | the exact phrase, words next to each other in this order |
    | `"export chips"~3` | the words in order with up to 3 positions of movement between them |
    | `semicond*` | any word starting with `semicond` |
    | `huawei~` | fuzzy: words within 1 edit (5-8 letters) or 2 edits (9 letters or more); words under 5 letters match exactly |
    | `huawei~1`, `huawei~2` | fuzzy with an explicit number of edits (at most 2); an edit is inserting, deleting or changing one letter, or swapping two neighbours |

    Words go through the same analysis as English documents (lowercasing, stemming), so case does not matter. A
    document that declares another language (`<html lang="fr">`) is stemmed by that language's rules while queries
    are analyzed as English, so some of its words are found only by their stem or a prefix: in a French page, `café`
    is stored as `caf`, which `caf*` finds and `café` does not.
    Text without spaces, such as Chinese, is split the same way in the query as in the documents: `芯片出口` finds
    documents with those words together.

    ## Required, excluded, and boolean operators

    | Syntax | Meaning |
    |---|---|
    | `+chips export` | must contain `chips`; `export` only improves the ranking |
    | `chips -nvidia` | must not contain `nvidia` |
    | `chips AND export` | must contain both |
    | `chips OR export` | either (same as `chips export`) |
    | `chips NOT nvidia` | `chips`, excluding documents with `nvidia` |
    | `(chips OR semiconductors) AND export` | parentheses group |

    Operators are uppercase: `and`, `or`, `not` in lowercase are ordinary words. `NOT` binds tighter than `AND`, which
    binds tighter than `OR`: `a OR b AND NOT c` means `a OR (b AND (NOT c))`. A query with only exclusions
    (`-draft`) matches every document except the excluded ones. `+`, `-` must touch the word they apply to:
    `- chips` ignores the lone `-`.

    ## Fields

    Put `field:` directly before a word, a quoted phrase, or a parenthesized group (no space after the colon).

    | Syntax | Meaning |
    |---|---|
    | `title:chips` | the word in the title |
    | `body:"export controls"` | the phrase in the main text |
    | `headings:policy*` | in section headings |
    | `title:(chips OR wafers)` | the field applies to every word in the group |
    | `path:*.md` | the file path matches a glob (see below) |
    | `path:docs/**` | any file under a `docs` directory |
    | `lang:en` | documents in a language (`lang:zh` also matches `zh-CN`) |
    | `type:html` | documents of a kind: `html`, `xml`, `feed`, `sgml`, `text`, `markdown`, `ndjson` |
    | `date:2024` | documents dated in 2024 |
    | `date:2024-12`, `date:2024-12-09` | a month, a day |
    | `date:2024-01..2025-03` | a range, both ends included (January 2024 through March 2025) |
    | `date:..2023`, `date:2024..` | open ranges |
    | `person:"Xi Jinping"` | documents mentioning this person (entity tagging) |
    | `org:Huawei`, `loc:Beijing`, `misc:G20` | organizations, places, other named entities |
    | `entity:"Xi Jinping"` | an entity of any type |
    | `org:Hua*` | entities starting with `Hua` |

    Field names are case-insensitive. Unknown fields are just words: `http://example.com` or `foo:bar` search for the
    text.

    Filters (`path:`, `lang:`, `type:`, `date:`, and entity fields) restrict the results without changing their
    order. Next to other words they are required: `deepseek lang:en` finds English documents about DeepSeek. Join them
    with `OR` to accept either: `lang:en OR lang:de`, or `lang:(en de)`.

    ### Path globs

    `*` matches any characters except `/`, `**` matches across directories, `?` matches one character. A glob that
    starts with `/` must match the whole absolute path; otherwise it matches the end of the path at a directory
    boundary: `*.md` matches `/home/me/notes/a.md`, `docs/*.txt` matches `/repo/docs/a.txt` but not
    `/repo/docs/old/a.txt`, `docs/**/*.txt` matches both. Quote globs with spaces: `path:"My Notes/*.md"`.

    ## Lenient and strict parsing

    Queries are parsed leniently, because editors send them while you type: an unclosed quote or parenthesis closes
    at the end, operators with nothing to apply to are ignored, an invalid date is searched as a word, and an empty
    query matches nothing. No query string is an error.

    With `--strict`, the first problem is reported with its 1-based character column, for example

        invalid query at column 7: the quote is never closed (fix it, or search without --strict)

    and seek exits with status 2. Parentheses nested more than 100 deep are ignored leniently and rejected strictly.

    ## Seeing how a query was read

    `seek search --explain QUERY` prints the query in canonical form: required words with `+`, then filters, then
    optional words, then excluded parts with `-`, fuzzy words with their edit distance, for example

        seek search --explain 'deepseek AND (chips OR wafers~) lang:en -nvidia'
        +deepseek +(chips wafers~1) lang:en -nvidia

    ## Examples

        seek search '"export controls" chips'
        seek search 'title:deepseek date:2025-01..'
        seek search 'person:"Xi Jinping" org:Huawei -"trade war"'
        seek search 'path:docs/** (install OR setup) linux'
        seek search 'semicondutor~'
    """#
}
