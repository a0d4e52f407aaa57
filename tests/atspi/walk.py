# The kiosk as a screen reader meets it, through AT-SPI (pyatspi, as Orca reads it).
# Argument: a JSON object of the texts to expect (see tests/atspi.rs). Exits non-zero with the
# reason when something a blind visitor relies on is missing.
import json
import sys
import time

import pyatspi

T = json.loads(sys.argv[1])


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def wait(what, check, seconds=20):
    until = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > until:
            fail("timed out waiting for " + what)
        time.sleep(0.05)


def nodes(node):
    yield node
    for child in node:
        if child is not None:
            yield from nodes(child)


def app():
    desktop = pyatspi.Registry.getDesktop(0)
    return next((a for a in desktop if a is not None and a.name == "torget" and a.childCount > 0), None)


def with_role(role):
    # A page that changes while it is walked leaves objects that are gone: walk again at the next poll.
    try:
        return [n for n in nodes(app()) if n.getRoleName() == role]
    except Exception:
        return []


def named(role, name):
    return next((n for n in with_role(role) if n.name == name), None)


def state(node, s):
    try:
        return node.getState().contains(s)
    except Exception:
        return False


def press(node):
    action = node.queryAction()
    if action.nActions < 1:
        fail(f"{node.getRoleName()} {node.name!r} has no action")
    action.doAction(0)


def labels():
    return [n.name for n in with_role("label")]


def no_button_inside_a_button(page):
    for b in with_role("push button"):
        inner = [n for n in nodes(b) if n is not b and n.getRoleName() in ("push button", "radio button", "check box")]
        if inner:
            fail(f"on {page}: the button {b.name!r} holds {[n.name for n in inner]}")


def every_control_has_a_name(page):
    for role in ("push button", "radio button", "check box", "entry", "password text"):
        for n in with_role(role):
            if not n.name.strip():
                fail(f"on {page}: a {role} without a name")


wait("the kiosk's window on the accessibility bus", app, 40)
no_button_inside_a_button("the attract screen")
every_control_has_a_name("the attract screen")
print("attract: no nested buttons, every control named", flush=True)

# Start: the whole screen is one button of its own.
press(with_role("push button")[0])
wait("the language page to be announced", lambda: T["language_title"] in labels())
current = wait("the current language's button", lambda: named("push button", T["current_language"]))
states = [pyatspi.stateToString(s) for s in current.getState().getStates()]
if not state(current, pyatspi.STATE_SELECTED) and current.description != T["selected"]:
    fail(f"the current language is not exposed as selected: {states}, description {current.description!r}")
print("language page announced, the current language selected", flush=True)

press(wait("the English button", lambda: named("push button", T["english"])))
wait("the home page to be announced", lambda: T["home_title"] in labels())
press(wait("the service's tile", lambda: named("push button", T["service"])))
wait("the question to be announced", lambda: T["question"] in labels())
radios = wait("the options as radio buttons", lambda: [n for n in with_role("radio button") if n.name in T["options"]])
if len(radios) != len(T["options"]) or with_role("check box"):
    fail(f"single choice options must be radio buttons: {[n.name for n in with_role('radio button')]}")
no_button_inside_a_button("the question")
every_control_has_a_name("the question")
print("question announced, options are radio buttons", flush=True)

# No answer: the error is announced (an assertive live region says it).
press(wait("the Next button", lambda: named("push button", T["next"])))
wait("the error to be announced", lambda: T["error"] in labels())
print("error announced", flush=True)

first, second = radios[0], radios[1]
press(first)
wait("the first option to be checked", lambda: state(first, pyatspi.STATE_CHECKED))
press(second)
wait("only the second option to be checked", lambda: state(second, pyatspi.STATE_CHECKED) and not state(first, pyatspi.STATE_CHECKED))
print("choosing through the Action interface checks one option at a time", flush=True)
print("OK", flush=True)
