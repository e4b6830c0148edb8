package dev.persona.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdIndexTest {
  @Test
  void idsGetDenseIndexesInOrderOfFirstSight() {
    IdIndex index = new IdIndex();
    for (int i = 0; i < 5000; i++) {
      assertThat(index.add("item-" + i)).isEqualTo(i);
    }
    assertThat(index.add("item-7")).isEqualTo(7);
    assertThat(index.toIndex("item-4999")).isEqualTo(4999);
    assertThat(index.toIndex("never")).isEqualTo(-1);
    assertThat(index.toId(1234)).isEqualTo("item-1234");
    assertThat(index.size()).isEqualTo(5000);
    assertThatThrownBy(() -> index.toId(5000)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
