package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Python's number reprs, as they appear in PyTorch's module printouts. */
class PyFormatTest {
    @Test
    void floatsUsePythonsShortestRepr() {
        assertEquals("1e-05", PyFormat.pyFloat(1e-5));
        assertEquals("1.5e-07", PyFormat.pyFloat(1.5e-7));
        assertEquals("0.0001", PyFormat.pyFloat(1e-4));
        assertEquals("0.1", PyFormat.pyFloat(0.1));
        assertEquals("1.0", PyFormat.pyFloat(1));
        assertEquals("-123.25", PyFormat.pyFloat(-123.25));
        assertEquals("1e+16", PyFormat.pyFloat(1e16));
        assertEquals("1234567890123456.0", PyFormat.pyFloat(1234567890123456.0));
        assertEquals("0.0", PyFormat.pyFloat(0));
        assertEquals("inf", PyFormat.pyFloat(Double.POSITIVE_INFINITY));
    }

    @Test
    void tuplesOfOneKeepTheTrailingComma() {
        assertEquals("(4,)", PyFormat.pyTuple(new int[] {4}));
        assertEquals("(2, 3)", PyFormat.pyTuple(new int[] {2, 3}));
        assertEquals("(2.0,)", PyFormat.pyTuple(new double[] {2}));
        assertEquals("(1.5, 1e-05)", PyFormat.pyTuple(new double[] {1.5, 1e-5}));
    }
}
