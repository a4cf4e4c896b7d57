//! Misuse of the generated types does not compile; typical use compiles with warnings denied.

#[test]
fn generated_types_guard_their_use() {
    let t = trybuild::TestCases::new();
    t.compile_fail("compile-fail/*.rs");
    t.pass("compile-pass/*.rs");
}
