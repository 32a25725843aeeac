package io.paddock.server.tree;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PathUtils.validatePath's rules (protocol.md section 11). */
class PathValidatorTest {
    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b", "/a.b", "/...", "/a/.b", "/ünï/路径", "/a-0000000001"})
    void validPaths(String path) {
        assertThat(PathValidator.problem(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "/a/", "//", "/a//b", "/.", "/..", "/a/.", "/a/..", "/a/./b", "/a/../b",
        "/a\u0000", "/a\u0001", "/a\u001f", "/a\u007f", "/a\u009f", "/a\ud800", "/a\uf8ff", "/a\ufff0", "/a\uffff"})
    void invalidPaths(String path) {
        assertThat(PathValidator.problem(path)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a:/", "/a/b:/a", "/a/b/c:/a/b"})
    void parentIsTheTextBeforeTheLastSlash(String pair) {
        String[] p = pair.split(":");
        assertThat(PathValidator.parent(p[0])).isEqualTo(p[1]);
    }
}
