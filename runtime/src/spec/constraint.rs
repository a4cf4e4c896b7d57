//! What a module checks of its parameters in its own code, which paraminfo does not say: groups of
//! parameters (MediaWiki's `requireOnlyOneParameter`, `requireAtLeastOneParameter`,
//! `requireMaxOneParameter`, `requireNoConflictingParameters` and the "X may only be used with Y"
//! checks) and the rights a module or a value needs (`checkUserRightsAny`). The spec states them
//! per module (`constraints:` in its file), in the order the module checks them; the decoder
//! applies them in that order once the module's parameters are valid
//! (`decode/constraints.rs`). Ranges that the module enforces are a flag of the parameter
//! ([`ParamSpec::enforce_range`](super::ParamSpec::enforce_range)).

/// One check of a module, in the order it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constraint {
    /// What is checked.
    pub rule: Rule,
    /// The parameters it is about, without the module prefix, in the order the module names them
    /// (its error lists them in that order).
    pub params: &'static [&'static str],
    /// The check applies only when this holds.
    pub when: Option<When>,
    /// The error code, where the module gives its own instead of the rule's (`nolang`).
    pub code: Option<&'static str>,
    /// How its error names the parameters.
    pub names: Names,
    /// The error's text, where the module gives its own (`apierror-cantview-deleted-comment`).
    pub text: Option<&'static str>,
    /// The module skips the check when it runs as a generator.
    pub not_in_generator: bool,
    /// The module skips the check when all of these parameters are given (a watchlist read with
    /// its owner's token needs no login).
    pub unless_given: &'static [&'static str],
    /// The module returns early, before the check, when this multi-valued parameter is given but
    /// none of its values is valid (an empty namespace list).
    pub unless_empty: Option<&'static str>,
}

/// The kinds of check, each with MediaWiki's error for it. A parameter counts as given as
/// MediaWiki's helpers count it: a boolean when true, anything else when it is on the wire (even
/// empty) or has a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Exactly one of the parameters: none is `missingparam` ("One of the parameters … is
    /// required."), more than one `invalidparammix` ("The parameters … can not be used together.").
    OnlyOne,
    /// At least one: none is `missingparam` ("At least one of the parameters … is required.").
    AtLeastOne,
    /// At most one: more is `invalidparammix`.
    MaxOne,
    /// The first parameter, when given, cannot be used with any of the others: `invalidparammix`
    /// ("The `a` parameter cannot be used with `b`.", naming the first other one given).
    CannotUseWith,
    /// The first parameter, when given, needs the second: `invalidparammix` ("The `a` parameter may
    /// only be used with `b`.").
    MustUseWith,
    /// The caller needs one of these rights: `permissiondenied` ("You don't have permission to …",
    /// naming what the first right allows).
    Right(&'static [&'static str]),
    /// The caller must be logged in: `notloggedin`, with the module's own text.
    LoggedIn,
    /// The parameter (the only one) must not have both values of any of these pairs (`minor` and
    /// `!minor`): `show`, "Incorrect parameter - mutually exclusive values may not be supplied."
    ExclusiveValues(&'static [(&'static str, &'static str)]),
}

/// When a check applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    /// The parameter (without prefix) the condition reads.
    pub param: &'static str,
    /// Applies when the parameter has this among its values (given, or its default); `None`: when
    /// the parameter is given at all.
    pub value: Option<&'static str>,
}

/// How a check's error names parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Names {
    /// As sent: with the module's prefix, and a generator's `g` (MediaWiki's `encodeParamName`).
    #[default]
    Wire,
    /// With the module's prefix but never the generator's `g` (ad-hoc texts built from
    /// `getModulePrefix()`).
    Prefixed,
    /// The bare names, without any prefix (a few ad-hoc texts).
    Bare,
}

impl Constraint {
    const fn new(rule: Rule, params: &'static [&'static str]) -> Constraint {
        Constraint {
            rule,
            params,
            when: None,
            code: None,
            names: Names::Wire,
            text: None,
            not_in_generator: false,
            unless_given: &[],
            unless_empty: None,
        }
    }

    /// Exactly one of `params`.
    pub const fn only_one(params: &'static [&'static str]) -> Constraint {
        Constraint::new(Rule::OnlyOne, params)
    }

    /// At least one of `params`.
    pub const fn at_least_one(params: &'static [&'static str]) -> Constraint {
        Constraint::new(Rule::AtLeastOne, params)
    }

    /// At most one of `params`.
    pub const fn max_one(params: &'static [&'static str]) -> Constraint {
        Constraint::new(Rule::MaxOne, params)
    }

    /// `params[0]` cannot be used with the rest.
    pub const fn cannot_use_with(params: &'static [&'static str]) -> Constraint {
        Constraint::new(Rule::CannotUseWith, params)
    }

    /// `params[0]` may only be used with `params[1]`.
    pub const fn must_use_with(params: &'static [&'static str]) -> Constraint {
        Constraint::new(Rule::MustUseWith, params)
    }

    /// The caller needs one of `rights`.
    pub const fn right(rights: &'static [&'static str]) -> Constraint {
        Constraint::new(Rule::Right(rights), &[])
    }

    /// The caller must be logged in; the error says `text`.
    pub const fn logged_in(text: &'static str) -> Constraint {
        Constraint::new(Rule::LoggedIn, &[]).text(text)
    }

    /// `param` must not have both values of any of `pairs`.
    pub const fn exclusive_values(
        param: &'static [&'static str],
        pairs: &'static [(&'static str, &'static str)],
    ) -> Constraint {
        Constraint::new(Rule::ExclusiveValues(pairs), param)
    }

    /// Only when `param` is given.
    pub const fn when_given(mut self, param: &'static str) -> Constraint {
        self.when = Some(When { param, value: None });
        self
    }

    /// Only when `param` has `value` (given, or by default).
    pub const fn when_value(mut self, param: &'static str, value: &'static str) -> Constraint {
        self.when = Some(When { param, value: Some(value) });
        self
    }

    /// The module's own error code.
    pub const fn code(mut self, code: &'static str) -> Constraint {
        self.code = Some(code);
        self
    }

    /// The module's own error text.
    pub const fn text(mut self, text: &'static str) -> Constraint {
        self.text = Some(text);
        self
    }

    /// Not checked when the module runs as a generator.
    pub const fn not_in_generator(mut self) -> Constraint {
        self.not_in_generator = true;
        self
    }

    /// Skipped when all of `params` are given.
    pub const fn unless_given(mut self, params: &'static [&'static str]) -> Constraint {
        self.unless_given = params;
        self
    }

    /// Skipped when `param` is given with no valid value.
    pub const fn unless_empty(mut self, param: &'static str) -> Constraint {
        self.unless_empty = Some(param);
        self
    }

    /// The error names the parameters this way.
    pub const fn names(mut self, names: Names) -> Constraint {
        self.names = names;
        self
    }
}

/// What a right allows, as MediaWiki 1.39's `action-<right>` messages say it in English
/// (languages/i18n/en.json), for the rights that modules check; another right is named as it is.
pub fn right_action(right: &str) -> &str {
    match right {
        "apihighlimits" => "use higher limits in API queries",
        "applychangetags" => "apply tags along with your changes",
        "block" => "block this user from editing",
        "blockemail" => "block a user from sending email",
        "bot" => "be treated as an automated process",
        "browsearchive" => "search deleted pages",
        "changetags" => "add and remove arbitrary tags on individual revisions and log entries",
        "createaccount" => "create this user account",
        "delete" => "delete this page",
        "deletedhistory" => "view a page's deleted history",
        "deletedtext" => "view deleted revision text",
        "deletelogentry" => "delete log entries",
        "deleterevision" => "delete revisions",
        "edit" => "edit this page",
        "editcontentmodel" => "edit the content model of a page",
        "editmyoptions" => "edit your preferences",
        "editmyprivateinfo" => "edit your private information",
        "editmywatchlist" => "edit your watchlist",
        "hideuser" => "block a username, hiding it from the public",
        "import" => "import pages from another wiki",
        "importupload" => "import pages from a file upload",
        "managechangetags" => "create and (de)activate tags",
        "markbotedits" => "mark rolled-back edits as bot edits",
        "mergehistory" => "merge the history of this page",
        "move" => "move this page",
        "patrol" => "mark others' edits as patrolled",
        "patrolmarks" => "view recent changes patrol marks",
        "protect" => "change protection settings for this page",
        "purge" => "purge this page",
        "read" => "read this page",
        "reupload" => "overwrite this existing file",
        "rollback" => "quickly rollback the edits of the last user who edited a particular page",
        "sendemail" => "send emails",
        "suppressionlog" => "view this private log",
        "suppressrevision" => "review and undelete hidden revisions",
        "unblockself" => "unblock oneself",
        "undelete" => "undelete pages",
        "unwatchedpages" => "view the list of unwatched pages",
        "upload" => "upload this file",
        "upload_by_url" => "upload this file from a URL",
        "userrights" => "edit all user rights",
        "viewmyprivateinfo" => "view your private information",
        "viewmywatchlist" => "view your watchlist",
        "writeapi" => "use the write API",
        other => other,
    }
}
