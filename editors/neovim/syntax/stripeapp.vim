" Vim syntax file for .stripeapp files (regular expressions only; no tree-sitter grammar exists).
" Keywords are highlighted only where a statement starts: at the start of a line, or after the
" `{` that opens a block or a `;`.
if exists('b:current_syntax')
  finish
endif

let s:start = '\%(\%(^\|[{;]\)\s*\)\@<='
let s:end = '\%([A-Za-z0-9_.-]\)\@!'

" Declarations followed by a name.
execute 'syntax match stripeappDeclView /' . s:start . 'view' . s:end . '/ nextgroup=stripeappTypeName skipwhite'
execute 'syntax match stripeappDeclPermission /' . s:start . 'permission' . s:end . '/ nextgroup=stripeappPermissionName skipwhite'
execute 'syntax match stripeappDeclHandler /' . s:start . '\%(endpoint\|job\)' . s:end . '/ nextgroup=stripeappFunctionName skipwhite'
execute 'syntax match stripeappStatementConstant /' . s:start . 'constant' . s:end . '/ nextgroup=stripeappConstantName skipwhite'
execute 'syntax match stripeappDeclPublic /' . s:start . 'public' . s:end . '/ nextgroup=stripeappPublicName skipwhite'
execute 'syntax match stripeappStatementRuntime /' . s:start . 'runtime' . s:end . '/ nextgroup=stripeappRuntime skipwhite'
" Other declarations and statements.
execute 'syntax match stripeappDecl /' . s:start . '\%(app\|urls\|backend\|on\|profile\|oauth_callback\)' . s:end . '/'
execute 'syntax match stripeappStatement /' . s:start . '\%(name\|version\|icon\|distribution\|api_access\|sandbox_install\|post_install\|redirect\|connect\|image\|title\|calls\|fetch\|uses\|webhooks\|roles\|expand\|platform\|health\)' . s:end . '/'

syntax match stripeappTypeName /\h\w*/ contained nextgroup=stripeappViewOn skipwhite
syntax match stripeappViewOn /on\%([A-Za-z0-9_.-]\)\@!/ contained nextgroup=stripeappViewport skipwhite
syntax match stripeappViewport /\h[A-Za-z0-9_-]*\%(\.\h[A-Za-z0-9_-]*\)*/ contained
syntax match stripeappPermissionName /\h\w*/ contained
syntax match stripeappFunctionName /\h\w*/ contained
syntax match stripeappConstantName /\h\w*/ contained
syntax match stripeappPublicName /\h\w*/ contained nextgroup=stripeappHttpMethod skipwhite
syntax match stripeappHttpMethod /\%(GET\|POST\|PUT\|PATCH\|DELETE\)\%([A-Za-z0-9_.-]\)\@!/ contained
syntax match stripeappRuntime /\%(node\|python\)\%([A-Za-z0-9_.-]\)\@!/ contained

" Dotted paths: viewports, events, API methods (`sdk.` functions included).
syntax match stripeappPath /\%([A-Za-z0-9_.-]\)\@<!\h[A-Za-z0-9_-]*\%(\.\h[A-Za-z0-9_-]*\)\+/

" Values.
syntax match stripeappValue /\%(\<\%(distribution\|api_access\|post_install\)\s\+\)\@<=\%(public\|private\|platform\|oauth\|restricted_api_key\|settings\|onboarding\|external\)\%([A-Za-z0-9_.-]\)\@!/
syntax match stripeappBoolean /\%([A-Za-z0-9_.-]\)\@<!\%(true\|false\)\%([A-Za-z0-9_.-]\)\@!/
syntax match stripeappNumber /\%([A-Za-z0-9_.-]\)\@<!-\=\%(0\|[1-9]\d*\)\%(\.\d\+\)\=\%([eE][+-]\=\d\+\)\=\%([A-Za-z0-9_.-]\)\@!/

" Strings: one line, with \" \\ \n \t \u{…} escapes; anything else after a backslash is an error.
syntax region stripeappString start=/"/ skip=/\\./ end=/"\|$/ oneline contains=stripeappEscapeError,stripeappEscape,stripeappUrl
syntax match stripeappEscapeError /\\.\=/ contained
syntax match stripeappEscapeError /\\u\%({[^}"]*}\=\)\=/ contained
syntax match stripeappEscape /\\["\\nt]/ contained
syntax match stripeappEscape /\\u{\x\{1,6}}/ contained
" \u{…} must name a Unicode scalar value: no surrogates, nothing above 10FFFF.
syntax match stripeappEscapeError /\\u{0*[dD][89a-fA-F]\x\x}/ contained
syntax match stripeappEscapeError /\\u{\%(1[1-9a-fA-F]\|[2-9a-fA-F]\x\)\x\{4}}/ contained
syntax match stripeappUrl /\%(https\=\|wss\=\):\/\/[^"\\ \t]\+/ contained

" Comments: `///` doc comments are told apart from `//` comments.
syntax match stripeappComment /\/\/.*$/ contains=@Spell
syntax match stripeappDocComment /\/\/\/.*$/ contains=@Spell

highlight default link stripeappDecl Keyword
highlight default link stripeappDeclView Keyword
highlight default link stripeappDeclPermission Keyword
highlight default link stripeappDeclHandler Keyword
highlight default link stripeappDeclPublic Keyword
highlight default link stripeappStatementRuntime Statement
highlight default link stripeappStatementConstant Statement
highlight default link stripeappStatement Statement
highlight default link stripeappViewOn Keyword
highlight default link stripeappTypeName Type
highlight default link stripeappPermissionName Identifier
highlight default link stripeappFunctionName Function
highlight default link stripeappConstantName Constant
highlight default link stripeappPublicName Function
highlight default link stripeappHttpMethod Constant
highlight default link stripeappRuntime Constant
highlight default link stripeappViewport Special
highlight default link stripeappPath Special
highlight default link stripeappValue Constant
highlight default link stripeappBoolean Boolean
highlight default link stripeappNumber Number
highlight default link stripeappString String
highlight default link stripeappEscape SpecialChar
highlight default link stripeappEscapeError Error
highlight default link stripeappUrl Underlined
highlight default link stripeappComment Comment
highlight default link stripeappDocComment SpecialComment

let b:current_syntax = 'stripeapp'
