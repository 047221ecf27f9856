package org.loanmodel.model;

/**
 * Where an imported model came from: enough to tell which file of which library it is and what
 * data described it at import.
 *
 * @param library the library that trained it, e.g. {@code xgboost}
 * @param libraryVersion the release that saved it, e.g. {@code 3.4.0}
 * @param modelFile the imported file's name
 * @param modelSha256 the SHA-256 of the imported file, hex
 * @param trees number of trees
 * @param maxDepth split nodes on the longest root-to-leaf path
 * @param referenceFile the reference data's file name
 * @param referenceSha256 the SHA-256 of the reference data, hex
 * @param referenceRows rows of reference data
 * @param labelColumn the reference data's outcome column, or {@code null} when it had none
 * @param schemaFile the schema file's name, or {@code null} when the schema was inferred
 */
public record ImportProvenance(
        String library,
        String libraryVersion,
        String modelFile,
        String modelSha256,
        int trees,
        int maxDepth,
        String referenceFile,
        String referenceSha256,
        int referenceRows,
        String labelColumn,
        String schemaFile) {}
