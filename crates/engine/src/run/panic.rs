//! Turns a panic inside a stage into a message for `errors.jsonl`, without
//! the default hook printing it to stderr in the middle of a run.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::sync::Once;

thread_local! {
    static IN_STAGE: Cell<bool> = const { Cell::new(false) };
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Installs (once per process) a panic hook that stays quiet for panics
/// inside [`catch`] and defers to the previous hook otherwise.
pub(crate) fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_STAGE.with(Cell::get) {
                let loc = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                LOCATION.with(|s| *s.borrow_mut() = loc);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err(message)`.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    IN_STAGE.with(|s| s.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_STAGE.with(|s| s.set(false));
    result.map_err(|payload| {
        let location = LOCATION.with(|s| s.borrow_mut().take());
        let msg = message(payload.as_ref());
        match location {
            Some(l) => format!(
                "the stage panicked at {l}: {msg}; this is a bug in the stage, please report it"
            ),
            None => {
                format!("the stage panicked: {msg}; this is a bug in the stage, please report it")
            }
        }
    })
}

fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_with_message_and_location() {
        install_hook();
        let r: Result<(), String> = catch(|| panic!("boom {}", 7));
        let e = r.unwrap_err();
        assert!(e.contains("boom 7"), "{e}");
        assert!(e.contains("panic.rs"), "{e}");
        assert_eq!(catch(|| 5), Ok(5));
    }
}
