package io.logpulse.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The values of a segment's {@link FacetSummary.Facet#PATH_HEAD} facet. A path's value is its head,
 * up to its first '/' or '?' after the first byte ({@code /api} for {@code /api/v1/items?id=7}); where
 * every path of a head goes on with '/', the head is split, and a path's value goes on to the next
 * '/' or '?' ({@code /api/v1}), so that a prefix one part deeper ({@code --path-prefix /api/v1}) is
 * decided from the facets too. Either way every path of a value is the value followed by nothing,
 * '/' or '?': what {@link FacetSummary#prefixKeeps} needs. A split head is a value too, of no path:
 * the group of its parts ({@link #groups}), whose thresholds bound a name's requests under the head
 * as tightly as before the split ({@code --path-prefix /static} keeps both {@code /static/css} and
 * {@code /static/js}, and the sum of their thresholds settled fewer tops).
 *
 * <p>Not split: a head that is a path itself (its value could not tell {@code /api} from
 * {@code /api/v1}, and a deeper prefix would be undecided anyway); a head with a path that goes on
 * with '?' (its query strings would be values); a head with more than {@link #MOST_CHILDREN} next
 * parts (a product's number); and any head once the segment would have more than
 * {@link FacetSummary#MOST_VALUES} values. An instance is reused segment after segment.
 */
final class PathHeads {
    static final int MOST_CHILDREN = 16;

    private final TextDictionary values = new TextDictionary();
    private final TextDictionary heads = new TextDictionary();
    private final TextDictionary children = new TextDictionary();
    /** Per path entry: its head's number in {@link #heads}, and the head's length. */
    private int[] headOf = new int[0];
    private int[] headLength = new int[0];
    /** Per head: whether a path ends there or goes on with '?', its number of children, whether it is split. */
    private boolean[] closed = new boolean[0];
    private int[] childCount = new int[0];
    private boolean[] split = new boolean[0];
    /** Per value: the value of its group, or -1. */
    private int[] groupOf = new int[0];
    /** The path entry {@link #read} last: {@code bytes[start, end)}. */
    private byte[] bytes;
    private int start;
    private int end;

    /** The values of the segment whose paths {@link #of} saw last. */
    TextDictionary values() {
        return values;
    }

    /** Per value of {@link #values}: the value of the split head it is a part of, or -1. */
    int[] groups() {
        return groupOf;
    }

    /** Sets {@code valueOf[entry]} to the value + 1 of each of {@code paths}' entries. */
    void of(TextDictionary paths, int[] valueOf) {
        heads.clear();
        children.clear();
        values.clear();
        int size = paths.size();
        if (headOf.length < size) {
            headOf = new int[Math.max(size, headOf.length * 2)];
            headLength = new int[headOf.length];
        }
        for (int e = 0; e < size; e++) {
            read(paths, e);
            int length = headLength[e] = FacetSummary.headLength(bytes, start, end);
            int known = heads.size();
            int head = headOf[e] = heads.intern(bytes, start, start + length);
            if (heads.size() > known) {
                if (head == closed.length) {
                    closed = Arrays.copyOf(closed, 2 * head + 16);
                    childCount = Arrays.copyOf(childCount, closed.length);
                    split = Arrays.copyOf(split, closed.length);
                }
                closed[head] = false;
                childCount[head] = 0;
            }
            closed[head] |= start + length == end || bytes[start + length] == '?';
        }
        for (int e = 0; e < size; e++) {
            if (!closed[headOf[e]]) {
                read(paths, e);
                int known = children.size();
                children.intern(bytes, start, start + childLength(headLength[e]));
                childCount[headOf[e]] += children.size() - known;
            }
        }
        int count = heads.size();
        for (int h = 0; h < heads.size(); h++) {
            split[h] = !closed[h] && childCount[h] <= MOST_CHILDREN && count + childCount[h] <= FacetSummary.MOST_VALUES;
            count += split[h] ? childCount[h] : 0; // the head stays, as their group
        }
        if (groupOf.length < count) {
            groupOf = new int[Math.max(count, groupOf.length * 2)];
        }
        for (int e = 0; e < size; e++) {
            read(paths, e);
            int length = headLength[e];
            int group = split[headOf[e]] ? values.intern(bytes, start, start + length) : -1;
            int value = values.intern(bytes, start, start + (group >= 0 ? childLength(length) : length));
            if (group >= 0) {
                groupOf[group] = -1;
            }
            groupOf[value] = group;
            valueOf[e] = value + 1;
        }
    }

    /** The length of the path just read up to the next '/' or '?' after its head of {@code headLength} bytes. */
    private int childLength(int headLength) {
        return FacetSummary.headLength(bytes, start, start + headLength, end);
    }

    /** Reads path entry {@code entry} as text: as stored when it reads as it is, else decoded. */
    private void read(TextDictionary paths, int entry) {
        if (paths.readsAsIs(entry)) {
            bytes = paths.arena();
            start = paths.start(entry);
            end = paths.start(entry + 1);
        } else {
            bytes = paths.text(entry).getBytes(StandardCharsets.UTF_8);
            start = 0;
            end = bytes.length;
        }
    }
}
