package dcmon.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCodeTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "91430111MA4L41YT1U",
                "91350200776049653A",
                "913502000728319549",
                "91350213678251743X",
                "91440101MA5CJQ4N59"
            })
    void acceptsPublishedValidCodes(String code) {
        assertThat(CreditCode.isValid(code)).isTrue();
        assertThat(CreditCode.problem(code)).isNull();
        assertThat(CreditCode.checkChar(code.substring(0, 17))).isEqualTo(code.charAt(17));
    }

    @Test
    void rejectsWrongCheckCharacterAndNamesTheExpectedOne() {
        assertThat(CreditCode.isValid("91350203M0001QAY9B")).isFalse();
        assertThat(CreditCode.isWellFormed("91350203M0001QAY9B")).isTrue();
        assertThat(CreditCode.checkChar("91350203M0001QAY9")).isEqualTo('9');
        assertThat(CreditCode.problem("91350203M0001QAY9B"))
                .isEqualTo("check character is 'B' but the first 17 characters give '9'");
        assertThat(CreditCode.isValid("91350203M0001QAY99")).isTrue();
    }

    @Test
    void checkValueThirtyOneBecomesZero() {
        // weighted sum of 91350200072831951 is 899 = 29 × 31, so 31 − 0 = 31, which maps to '0'
        assertThat(CreditCode.checkChar("91350200072831951")).isEqualTo('0');
        assertThat(CreditCode.isValid("913502000728319510")).isTrue();
    }

    @Test
    void rejectsBadFormat() {
        assertThat(CreditCode.problem("9143011MA4L41YT1U")).isEqualTo("must have 18 characters, found 17");
        assertThat(CreditCode.problem("91430111MA4L41YT1UU")).isEqualTo("must have 18 characters, found 19");
        assertThat(CreditCode.problem("91430111MI4L41YT1U"))
                .isEqualTo(
                        "character 'I' at position 10 is not allowed (allowed: digits and capital letters except I, O, S, V, Z)");
        assertThat(CreditCode.problem("91430111ma4l41yt1u")).startsWith("character 'm' at position 9");
        assertThat(CreditCode.isValid(null)).isFalse();
        assertThat(CreditCode.isValid("")).isFalse();
        assertThat(CreditCode.isValid("dcmon/v1/+/#")).isFalse();
    }

    @Test
    void checkCharRejectsWrongInput() {
        assertThatThrownBy(() -> CreditCode.checkChar("9143"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 17 characters, found 4");
        assertThatThrownBy(() -> CreditCode.checkChar("91430111MA4L41YTO"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'O' at position 17");
    }
}
