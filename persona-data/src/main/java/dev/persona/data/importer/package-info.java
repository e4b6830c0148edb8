/**
 * Importers of real data formats into an {@link dev.persona.data.ImportSink}: the entry point is
 * {@link dev.persona.data.importer.Importers#run}, the formats are {@link
 * dev.persona.data.importer.Format}, the outcome an {@link dev.persona.data.importer.ImportReport}.
 *
 * <p>Every format shares one line loop ({@code ImportContext}): lines are read as bytes, so CRLF
 * and LF, a UTF-8 byte order mark, ISO-8859-1 text and a last line cut short are handled alike; a
 * line that cannot be used is counted under a reason with {@code file:line} examples, never thrown;
 * events get ids from a hash of their line, so that re-imports count duplicates.
 */
package dev.persona.data.importer;
