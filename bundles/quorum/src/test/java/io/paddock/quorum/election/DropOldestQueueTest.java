package io.paddock.quorum.election;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DropOldestQueueTest {
    @Test
    void aFullQueueDropsItsOldestElementToTakeTheNewOne() {
        DropOldestQueue<String> queue = new DropOldestQueue<>(2);

        assertThat(queue.offer("a")).isNull();
        assertThat(queue.offer("b")).isNull();
        assertThat(queue.offer("c")).isEqualTo("a");

        assertThat(queue.drain()).containsExactly("b", "c");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aQueueOfOneKeepsOnlyTheNewest() {
        DropOldestQueue<String> queue = new DropOldestQueue<>(1);
        queue.offer("older");
        queue.offer("newer");

        assertThat(queue.poll()).isEqualTo("newer");
        assertThat(queue.poll()).isNull();
    }
}
