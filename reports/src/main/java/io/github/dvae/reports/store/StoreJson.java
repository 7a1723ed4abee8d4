package io.github.dvae.reports.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON dialect of the store: records as objects with their component names, non-finite
 * numbers as the strings {@code "NaN"} and {@code "Infinity"} (a diverged run must still be
 * recorded), unknown fields ignored so that older readers can read newer stores.
 */
final class StoreJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private StoreJson() {
    }

    /** One line of JSON, no line break. */
    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreFormatException("cannot write " + value.getClass().getSimpleName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as a JSON object, exactly as {@link #line} would write it. */
    static com.fasterxml.jackson.databind.node.ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Indented JSON for files people open. */
    static byte[] document(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new StoreFormatException("cannot write " + value.getClass().getSimpleName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON text into a tree, to be upgraded or bound. */
    static com.fasterxml.jackson.databind.JsonNode tree(byte[] json) throws java.io.IOException {
        return MAPPER.readTree(json);
    }

    static com.fasterxml.jackson.databind.JsonNode tree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** Binds a tree to {@code type}; IllegalArgumentException if it does not fit. */
    static <T> T bind(com.fasterxml.jackson.databind.JsonNode tree, Class<T> type) {
        return MAPPER.convertValue(tree, type);
    }

    static <T> T read(byte[] json, Class<T> type) throws java.io.IOException {
        return MAPPER.readValue(json, type);
    }

    static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(json, type);
    }
}
