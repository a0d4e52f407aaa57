fn main() {
    // Debug info lets tests find elements by their accessible label, as a screen reader would.
    let config = slint_build::CompilerConfiguration::new().with_debug_info(true);
    slint_build::compile_with_config("ui/app.slint", config).expect("the Slint UI must compile");
}
