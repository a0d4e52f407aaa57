//! Drawing the kiosk without a display: a Slint platform around a software-rendered window, so any
//! screen can be written to a PNG (`torget screenshot`, `make screenshots`) on a machine with no X.

use std::path::Path;
use std::rc::Rc;

use slint::platform::software_renderer::{MinimalSoftwareWindow, PremultipliedRgbaColor, RepaintBufferType};
use slint::platform::{Platform, WindowAdapter};
use slint::{PhysicalSize, PlatformError};

struct Headless {
    window: Rc<MinimalSoftwareWindow>,
}

impl Platform for Headless {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, PlatformError> {
        Ok(self.window.clone())
    }
}

/// The software window all kiosk windows of this process draw into.
pub struct Canvas {
    window: Rc<MinimalSoftwareWindow>,
    /// One frame buffer, kept: a new 8 MB buffer per frame would be page-faulted in while drawing
    /// (counted as render time) and would leave the allocator's heap a frame larger at a moment
    /// that depends on its thresholds (seen as memory growth).
    frame: std::cell::RefCell<Vec<PremultipliedRgbaColor>>,
}

impl Canvas {
    /// Installs the headless platform for this process. Call once, before any window is created.
    pub fn install() -> Result<Canvas, PlatformError> {
        let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
        slint::platform::set_platform(Box::new(Headless { window: window.clone() }))
            .map_err(|e| PlatformError::Other(e.to_string()))?;
        Ok(Canvas { window, frame: Default::default() })
    }

    pub fn resize(&self, width: u32, height: u32) {
        self.window.set_size(PhysicalSize::new(width, height));
    }

    /// The kept frame buffer, cleared, sized for `w` × `h` (every frame is drawn in full).
    fn frame_of(&self, w: u32, h: u32) -> std::cell::RefMut<'_, Vec<PremultipliedRgbaColor>> {
        let mut frame = self.frame.borrow_mut();
        frame.clear();
        frame.resize((w * h) as usize, PremultipliedRgbaColor::default());
        frame
    }

    /// Draws the current state and returns RGBA pixels, row by row.
    pub fn draw(&self) -> (u32, u32, Vec<u8>) {
        slint::platform::update_timers_and_animations();
        let size = self.window.size();
        let (w, h) = (size.width, size.height);
        let mut buffer = self.frame_of(w, h);
        self.window.request_redraw();
        self.window.draw_if_needed(|renderer| {
            renderer.render(&mut buffer, w as usize);
        });
        let mut rgba = Vec::with_capacity(buffer.len() * 4);
        for p in buffer.iter() {
            // The window background is opaque, so premultiplied equals straight alpha here.
            rgba.extend_from_slice(&[p.red, p.green, p.blue, 255]);
        }
        (w, h, rgba)
    }

    /// Redraws the whole window once and returns how long the software renderer took.
    pub fn time_full_redraw(&self) -> std::time::Duration {
        slint::platform::update_timers_and_animations();
        let size = self.window.size();
        let mut buffer = self.frame_of(size.width, size.height);
        self.window.request_redraw();
        let start = std::time::Instant::now();
        self.window.draw_if_needed(|renderer| {
            renderer.render(&mut buffer, size.width as usize);
        });
        start.elapsed()
    }

    /// Draws the current state into a PNG file.
    pub fn save_png(&self, path: &Path) -> std::io::Result<()> {
        let (w, h, rgba) = self.draw();
        write_png(path, w, h, &rgba)
    }
}

/// Writes RGBA pixels (as [`Canvas::draw`] returns them) to a PNG file, creating its folder.
pub fn write_png(path: &Path, w: u32, h: u32, rgba: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut encoder = png::Encoder::new(file, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    writer.write_image_data(rgba).map_err(std::io::Error::other)?;
    Ok(())
}
