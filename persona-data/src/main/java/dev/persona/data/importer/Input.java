package dev.persona.data.importer;

import java.nio.file.Path;

/**
 * One file of an import and what it holds in its format.
 *
 * @param path the file
 * @param role what the format reads from it, such as {@code ratings} or {@code items}
 */
record Input(Path path, String role) {}
