package io.finport.workflow.task;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the task records the way {@link Json#MAPPER} does, with Jackson's streaming parser and generator
 * only when a record is flat: its components are strings, {@code int}/{@code long}/{@code boolean} (or their boxes),
 * enums or flat records. Jackson's object mapper costs a cold start about as much as building the first SDK client,
 * and a function whose other work needs no data binding (Record failure) then never loads it. Any other record goes
 * through {@link Json#MAPPER}. Same rules as the mapper's: the components' names, or the ones their
 * {@code @JsonProperty} gives (listed in {@code RENAMED}), unknown fields skipped, missing or null primitives 0/false, nulls
 * not written; TaskCodecTest holds both to the same JSON for every task record.
 */
public final class TaskCodec {
    private static final JsonFactory JSON = new JsonFactory();
    /**
     * The task records whose JSON names differ from their component names, as their {@code @JsonProperty} names them
     * for Jackson. Listed here rather than read from the annotation: the first annotation read of a JVM costs a cold
     * start about 15 ms, the JDK generating the annotation's proxy class.
     */
    private static final Map<Class<?>, List<String>> RENAMED =
            Map.of(TaskIo.TaskError.class, List.of("Error", "Cause"));

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private TaskCodec() {}

    /** Reads one value of {@code type} (null for a JSON null), as {@code Json.MAPPER.readValue} does. */
    public static <T> T read(InputStream in, Class<T> type) throws IOException {
        Shape shape = SHAPES.get(type);
        if (shape == null) return Json.MAPPER.readValue(in, type);
        try (JsonParser parser = JSON.createParser(in)) {
            return type.cast(shape.read(parser, parser.nextToken()));
        }
    }

    /** Writes {@code value}, as {@code Json.MAPPER.writeValue} does (closing {@code out}). */
    public static void write(OutputStream out, Object value) throws IOException {
        Shape shape = value == null ? null : SHAPES.get(value.getClass());
        if (shape == null) {
            Json.MAPPER.writeValue(out, value);
            return;
        }
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            shape.write(generator, value);
        }
    }

    private enum Kind {
        STRING,
        INT,
        LONG,
        BOOLEAN,
        ENUM,
        RECORD
    }

    /** A flat record: its components in declaration order, their JSON names and kinds. */
    private record Shape(
            Constructor<?> constructor,
            RecordComponent[] components,
            Method[] accessors,
            String[] names,
            Kind[] kinds,
            Shape[] nested,
            Map<String, Integer> index) {

        /** The shape of a flat record, or null when the type is anything else. */
        static Shape of(Class<?> type) {
            if (!type.isRecord()) return null;
            RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            Kind[] kinds = new Kind[components.length];
            Shape[] nested = new Shape[components.length];
            Class<?>[] types = new Class<?>[components.length];
            Method[] accessors = new Method[components.length];
            Map<String, Integer> index = new HashMap<>();
            List<String> renamed = RENAMED.get(type);
            for (int i = 0; i < components.length; i++) {
                Class<?> t = components[i].getType();
                types[i] = t;
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                kinds[i] = kind(t);
                if (kinds[i] == Kind.RECORD) nested[i] = of(t);
                if (kinds[i] == null || kinds[i] == Kind.RECORD && nested[i] == null) return null;
                names[i] = renamed != null ? renamed.get(i) : components[i].getName();
                index.put(names[i], i);
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(constructor, components, accessors, names, kinds, nested, index);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        private static Kind kind(Class<?> t) {
            if (t == String.class) return Kind.STRING;
            if (t == int.class || t == Integer.class) return Kind.INT;
            if (t == long.class || t == Long.class) return Kind.LONG;
            if (t == boolean.class || t == Boolean.class) return Kind.BOOLEAN;
            if (t.isEnum()) return Kind.ENUM;
            if (t.isRecord()) return Kind.RECORD;
            return null;
        }

        Object read(JsonParser p, JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_NULL) return null;
            if (token != JsonToken.START_OBJECT) throw mismatch(p, constructor.getDeclaringClass());
            Object[] values = new Object[components.length];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Integer i = index.get(p.currentName());
                JsonToken value = p.nextToken();
                if (i == null) {
                    p.skipChildren();
                } else {
                    values[i] = value(p, value, i);
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null && components[i].getType().isPrimitive()) values[i] = zero(kinds[i]);
            }
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                throw new JsonParseException(
                        p, "cannot build " + constructor.getDeclaringClass().getSimpleName());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private Object value(JsonParser p, JsonToken token, int i) throws IOException {
            if (token == JsonToken.VALUE_NULL) return null;
            Class<?> type = components[i].getType();
            return switch (kinds[i]) {
                case STRING -> {
                    if (token.isStructStart()) throw mismatch(p, type);
                    yield p.getText();
                }
                case INT, LONG -> {
                    long n;
                    if (token == JsonToken.VALUE_NUMBER_INT) n = p.getLongValue();
                    else if (token == JsonToken.VALUE_NUMBER_FLOAT) n = (long) p.getDoubleValue();
                    else if (token == JsonToken.VALUE_STRING && !p.getText().isBlank()) n = number(p);
                    else if (token == JsonToken.VALUE_STRING) yield null;
                    else throw mismatch(p, type);
                    if (kinds[i] == Kind.LONG) yield n;
                    if (n != (int) n) throw mismatch(p, type);
                    yield (int) n;
                }
                case BOOLEAN -> {
                    if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) yield p.getBooleanValue();
                    if (token == JsonToken.VALUE_NUMBER_INT) yield p.getLongValue() != 0;
                    if (token == JsonToken.VALUE_STRING
                            && "true".equals(p.getText().trim())) yield true;
                    if (token == JsonToken.VALUE_STRING
                            && "false".equals(p.getText().trim())) yield false;
                    throw mismatch(p, type);
                }
                case ENUM -> enumValue(p, token, type);
                case RECORD -> nested[i].read(p, token);
            };
        }

        private static long number(JsonParser p) throws IOException {
            try {
                return Long.parseLong(p.getText().trim());
            } catch (NumberFormatException e) {
                throw new JsonParseException(p, "not a number");
            }
        }

        private static Object enumValue(JsonParser p, JsonToken token, Class<?> type) throws IOException {
            Object[] constants = type.getEnumConstants();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                int ordinal = p.getIntValue();
                if (ordinal >= 0 && ordinal < constants.length) return constants[ordinal];
            } else if (token == JsonToken.VALUE_STRING) {
                String name = p.getText();
                for (Object constant : constants) {
                    if (((Enum<?>) constant).name().equals(name)) return constant;
                }
            }
            throw mismatch(p, type);
        }

        private static Object zero(Kind kind) {
            return switch (kind) {
                case INT -> 0;
                case LONG -> 0L;
                case BOOLEAN -> false;
                default -> null;
            };
        }

        private static JsonParseException mismatch(JsonParser p, Class<?> type) {
            return new JsonParseException(p, "not a valid " + type.getSimpleName());
        }

        void write(JsonGenerator g, Object value) throws IOException {
            g.writeStartObject();
            for (int i = 0; i < components.length; i++) {
                Object v;
                try {
                    v = accessors[i].invoke(value);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (v == null) continue;
                g.writeFieldName(names[i]);
                switch (kinds[i]) {
                    case STRING -> g.writeString((String) v);
                    case INT -> g.writeNumber((Integer) v);
                    case LONG -> g.writeNumber((Long) v);
                    case BOOLEAN -> g.writeBoolean((Boolean) v);
                    case ENUM -> g.writeString(((Enum<?>) v).name());
                    case RECORD -> nested[i].write(g, v);
                }
            }
            g.writeEndObject();
        }
    }
}
