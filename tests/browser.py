"""Helpers for the browser tests."""


def open_menu(page):
    """Open the phone menu and wait until Bootstrap's collapse has finished: a click during
    its animation can land on nothing (seen on a loaded machine)."""
    page.click("button.navbar-toggler")
    page.wait_for_selector("#mainnav.show:not(.collapsing)")


def click_and_wait(page, selector):
    """Click what submits a form and wait for the page it leads to: a bare
    wait_for_load_state() after the click returns at once, before the navigation has begun
    (the old page is still loaded), and the next check then reads the old page. A
    consequential step asks first (data-confirm); the question is answered yes."""
    questions = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    try:
        with page.expect_navigation():
            page.locator(selector).first.click()
    finally:
        page.remove_listener("dialog", accept)
    return questions


def open_fold(page, label):
    """Open the accordion fold whose button reads `label` and wait until Bootstrap's collapse
    has finished: a submit clicked while the fold still grows can be lost (seen under load)."""
    button = page.locator(f"button.accordion-button:has-text('{label}')")
    button.click()
    target = button.get_attribute("data-bs-target")
    page.wait_for_selector(f"{target}.show:not(.collapsing)")


def pick(page, select, text):
    """Choose the option that reads `text` in a searchable picker (Tom Select over `select`),
    through the picker itself so the box shows what the form sends; test_pickers_e2e types
    into it as a person does."""
    chosen = page.eval_on_selector(
        select,
        """(el, text) => {
          const option = [...el.options].find((o) => o.text.includes(text));
          if (!option) return null;
          el.tomselect.addItem(option.value);
          el.tomselect.close();
          return option.value;
        }""",
        text,
    )
    assert chosen, f"no option reading {text!r} in {select}"
