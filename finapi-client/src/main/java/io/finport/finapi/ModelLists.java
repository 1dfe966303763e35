package io.finport.finapi;

import java.util.List;
import java.util.Objects;

/** Null-tolerant list copies for the model records: a missing or null JSON array becomes an empty list. */
final class ModelLists {

    private ModelLists() {}

    static <T> List<T> copyWithoutNulls(List<T> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        return list.stream().filter(Objects::nonNull).toList();
    }
}
